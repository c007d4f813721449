import sys
from pathlib import Path

from hypothesis import settings

# the pure core imports nothing of Frappe: make the package importable without a bench
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# the machines are shared and small: how long one example takes is not what these tests check
settings.register_profile("recrm", deadline=None)
settings.load_profile("recrm")

import sys
from pathlib import Path

# the pure core imports nothing of Frappe: make the package importable without a bench
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

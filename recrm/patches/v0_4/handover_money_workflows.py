"""Sites installed before handover money: the approval workflows of area settlements and delivery
penalties, made once when missing (new sites get them at install)."""

from recrm.handover.booking import ensure_workflows
from recrm.setup.install import STATES, import_fixture


def execute():
	import_fixture(STATES)
	ensure_workflows()

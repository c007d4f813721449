"""Sites installed before the workflows were made once: recrm's after_migrate no longer makes them,
so any of them a site still lacks is made here, once (new sites get them at install). A workflow
the site has, edited or not, is left alone. A later change to a shipped workflow is a patch of its
own that changes exactly that on existing sites."""

from recrm.setup.install import make_workflows


def execute():
	make_workflows()

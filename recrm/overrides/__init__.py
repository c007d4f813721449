"""Replacements of Frappe endpoints (``override_whitelisted_methods`` in hooks.py; a class replaced
with ``override_doctype_class`` would live here too), one module per Frappe area: ``client``,
``search``, ``listview``, ``linked_with``, ``dashboard_settings``, ``printview`` and ``load``
(``frappe.desk.form.load``). ``test_signatures`` proves each still takes what the Frappe function it
replaces takes, and that no replacement lives elsewhere."""

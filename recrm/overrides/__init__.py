"""Replacements of Frappe endpoints (``override_whitelisted_methods`` in hooks.py), one module per
Frappe area; ``test_signatures`` proves each still takes what the Frappe function it replaces takes."""

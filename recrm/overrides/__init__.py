"""Replacements of Frappe endpoints (``override_whitelisted_methods`` in hooks.py), one module per
Frappe area, each with a test that its signature still matches the function it replaces."""

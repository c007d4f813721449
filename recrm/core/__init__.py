"""Framework-free business rules of recrm.

Nothing in this package imports frappe: every rule here is plain Python, tested by the pytest
suite in ``tests/unit/`` in seconds. Controllers call these functions and turn a ``RuleError`` into a
translated message (see ``recrm.errors.rule_errors``).
"""


class RuleError(ValueError):
	"""A business rule refused the input. ``code`` names the rule, ``params`` fill its message."""

	def __init__(self, code: str, **params):
		self.code = code
		self.params = params
		super().__init__(f"{code}: {params}")

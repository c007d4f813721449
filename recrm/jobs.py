"""Background jobs."""

import frappe


def enqueue_job(method, **kwargs):
	"""``frappe.enqueue``, except that tests run the job at once, in their own transaction.

	Frappe checks ``deduplicate`` before ``now``: a job with the same id that a real install or
	migrate left in the queue (tests run without a worker) would make the test's ``now=True`` call
	return without running the job."""
	if frappe.flags.in_test:
		for option in (
			"queue",
			"timeout",
			"job_id",
			"deduplicate",
			"enqueue_after_commit",
			"now",
			"at_front",
			"is_async",
			"job_name",
			"on_success",
			"on_failure",
		):
			kwargs.pop(option, None)
		function = frappe.get_attr(method) if isinstance(method, str) else method
		return function(**kwargs)
	return frappe.enqueue(method, **kwargs)

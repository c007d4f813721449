"""Buyer portal benchmark: server time of each portal page for the demo buyer.

Renders each page the way a request does (``frappe.website.serve.get_response`` as
buyer@recrm.demo, in Chinese, after ``frappe.set_user``, which like a new request drops the
compiled Jinja templates), ten times after one warm-up, and prints the median and the slowest time
and the queries of one rendering; then the page's own work (its ``get_context``: the queries and
what it computes), without Frappe's page frame. Needs the demo (``bench --site SITE recrm-demo``).
Prints figures, asserts nothing, writes nothing.

    benchmarks/run portal [SITE] [--repeat N]
"""

import argparse
import statistics
import time

import frappe

PAGES = ("/my-home", "/my-home/contract", "/my-home/progress", "/my-home/handover", "/my-home/complaints")
BUYER = "buyer@recrm.demo"


def main():
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=10)
	args = parser.parse_args()
	frappe.init(site=args.site)
	frappe.connect()
	from frappe.utils import set_request
	from frappe.website.serve import get_response

	if not frappe.db.exists("User", BUYER):
		print(f"{BUYER} is not on {args.site}: load the demo first (bench --site {args.site} recrm-demo)")
		return
	print(f"{'page':<24} {'median':>8} {'max':>8} {'queries':>8} {'own work':>9}")
	for path in PAGES:
		timings, queries = [], 0
		for run in range(args.repeat + 1):
			# each rendering as a new request of the buyer's: nothing cached in frappe.local
			for name in ("recrm_portal_customers", "recrm_portal_units"):
				if hasattr(frappe.local, name):
					delattr(frappe.local, name)
			frappe.set_user(BUYER)
			frappe.local.lang = "zh"
			set_request(method="GET", path=path)
			counter = {"n": 0}
			original = frappe.db.sql

			def counting(*a, _original=original, _counter=counter, **kw):
				_counter["n"] += 1
				return _original(*a, **kw)

			frappe.db.sql = counting
			start = time.perf_counter()
			response = get_response(path)
			elapsed = (time.perf_counter() - start) * 1000
			frappe.db.sql = original
			if response.status_code != 200:
				print(f"{path}: HTTP {response.status_code}")
				break
			if run:
				timings.append(elapsed)
				queries = counter["n"]
		if timings:
			own = own_work(path, args.repeat)
			print(
				f"{path:<24} {statistics.median(timings):>6.1f}ms {max(timings):>6.1f}ms {queries:>8} {own:>7.1f}ms"
			)
	frappe.db.rollback()
	frappe.destroy()


def own_work(path: str, repeat: int) -> float:
	"""Median time of the page's ``get_context`` alone."""
	import importlib

	module = "index" if path == "/my-home" else path.rsplit("/", 1)[1]
	get_context = importlib.import_module(f"recrm.www.my-home.{module}").get_context
	timings = []
	for _ in range(repeat + 1):
		for name in ("recrm_portal_customers", "recrm_portal_units"):
			if hasattr(frappe.local, name):
				delattr(frappe.local, name)
		# the buyer of the request (recrm.portal.buyer), as a new request would make it again
		frappe.local.cache.pop("recrm_portal_buyer", None)
		start = time.perf_counter()
		get_context(frappe._dict())
		timings.append((time.perf_counter() - start) * 1000)
	return statistics.median(timings[1:])


if __name__ == "__main__":
	main()

"""Frappe's development server (what `bench serve` runs) on the address given, for scripts/demo.

	cd BENCH/sites && ../env/bin/python .../scripts/serve.py --site SITE --host 127.0.0.1 --port 8000

Frappe 15's `serve` listens on 0.0.0.0 with Werkzeug's debugger on: a demo with published passwords
must not answer the network by default. The same application (assets and files served, as with
`bench serve`), on the host asked for, with neither the debugger nor the reloader.
"""

import argparse


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", help="the site to serve (default: by the request's host name)")
	parser.add_argument("--host", default="127.0.0.1")
	parser.add_argument("--port", type=int, default=8000)
	args = parser.parse_args()

	import frappe.app
	from werkzeug.serving import run_simple

	frappe.app._site = args.site
	frappe.app._sites_path = "."
	application = frappe.app.application_with_statics()
	run_simple(
		args.host,
		args.port,
		application,
		use_reloader=False,
		use_debugger=False,
		use_evalex=False,
		threaded=True,
	)


if __name__ == "__main__":
	main()

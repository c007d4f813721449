"""Requests over HTTP, for tests of what a route answers a logged-in user.

``HTTPUser`` logs a user in through Frappe's own ``/api/method/login`` and sends requests to the
site's WSGI application (``frappe.app.application``) with Werkzeug's test client, which keeps the
session cookie. Each request runs in its own thread on its own database connection, as a worker
would serve it (``frappe.tests.test_api.make_request``): what it is to read must be committed
(``recrm.tests.race.RaceTestCase`` commits and cleans up)."""

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client
from frappe.utils.password import update_password
from werkzeug.test import TestResponse


class HTTPUser:
	def __init__(self, user: str):
		self.user = user
		self.site = frappe.local.site
		self.client = get_test_client(use_cookies=True)
		if user != "Guest":
			password = frappe.generate_hash(length=16)
			update_password(user, password)
			frappe.db.commit()
			response = self.post("/api/method/login", {"usr": user, "pwd": password})
			if response.status_code != 200:
				raise AssertionError(f"{user} could not log in: {response.get_data(as_text=True)}")

	def request(self, method: str, path: str, **kwargs) -> TestResponse:
		return make_request(target=getattr(self.client, method), args=(path,), kwargs=kwargs, site=self.site)

	def get(self, path: str, params: dict | None = None) -> TestResponse:
		return self.request("get", path, query_string=params or {})

	def post(self, path: str, data: dict | None = None) -> TestResponse:
		return self.request("post", path, json=data or {})

# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

"""The Chinese print formats: 认购书, 合同摘要 and 收据, rendered as Frappe prints them."""

import functools
import http.server
import os
import shutil
import subprocess
import threading
import unicodedata
import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import (
	acting_as,
	make_building,
	make_contract,
	make_customer,
	make_payment_plan,
	make_project,
	make_receipt,
	make_reservation,
	make_unit,
	make_user,
)


class TestPrintFormats(StaffTestCase):
	STAFF_PREFIX = "pf"
	STAFF = ("advisor",)

	def setUp(self):
		self.set_up_sale(unit={"list_price": 1_250_000}, customer={"full_name": "王小明"})
		with acting_as(self.advisor):
			self.reservation = make_reservation(
				self.unit,
				self.customer,
				agreed_price=1_230_000,
				deposit=50_000,
				deposit_reference="WX20261123",
			)
			self.contract = make_contract(reservation=self.reservation.name, payment_plan=self.plan)
		self.receipt = make_receipt(self.contract.name, 319_000.5, reference_no="BANK-001")

	def render(self, doctype, name, print_format) -> str:
		self.assertEqual(frappe.get_meta(doctype).default_print_format, print_format)
		return frappe.get_print(doctype, name, print_format=print_format)

	def test_subscription_agreement(self):
		html = self.render("RE Reservation", self.reservation.name, "RE Subscription Agreement")
		for text in (
			"商品房认购书",
			self.reservation.name,
			"王小明",
			"¥1,230,000.00",
			"人民币壹佰贰拾叁万元整",
			"人民币伍万元整",
			"微信支付",
			"WX20261123",
		):
			self.assertIn(text, html)

	def test_contract_summary(self):
		self.contract.reload()
		html = self.render("RE Contract", self.contract.name, "RE Contract Summary")
		for text in (
			"商品房买卖合同摘要",
			self.contract.name,
			"王小明",
			"100.00%",
			"¥1,230,000.00",
			"人民币壹佰贰拾叁万元整",
			"首付款",
			"尾款",
			"¥369,000.00",  # 30% down payment
			"付款计划",
		):
			self.assertIn(text, html)
		self.assertEqual(html.count("<td>首付款</td>"), 1)

	def test_receipt(self):
		html = self.render("RE Receipt", self.receipt.name, "RE Receipt Voucher")
		for text in (
			"收　款　收　据",
			self.receipt.name,
			self.contract.name,
			"王小明",
			"¥319,000.50",
			"人民币叁拾壹万玖仟元伍角整",
			"BANK-001",
			"首付款",
		):
			self.assertIn(text, html)

	@unittest.skipUnless(shutil.which("wkhtmltopdf"), "wkhtmltopdf is not installed: Frappe makes no PDF")
	def test_each_prints_to_a_pdf_in_chinese(self):
		# wkhtmltopdf fetches the print's stylesheets from the site's URL: serve the bench's assets as
		# the web server would, on a port of our own
		handler = functools.partial(QuietHandler, directory=os.path.abspath(frappe.get_site_path("..")))
		server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
		threading.Thread(target=server.serve_forever, daemon=True).start()
		self.addCleanup(server.server_close)
		self.addCleanup(server.shutdown)
		host_name = frappe.local.conf.get("host_name")
		frappe.local.conf.host_name = f"http://127.0.0.1:{server.server_address[1]}"
		self.addCleanup(lambda: frappe.local.conf.update({"host_name": host_name}))
		for doctype, name, print_format, words in (
			("RE Reservation", self.reservation.name, "RE Subscription Agreement", "商品房认购书"),
			("RE Contract", self.contract.name, "RE Contract Summary", "商品房买卖合同摘要"),
			("RE Receipt", self.receipt.name, "RE Receipt Voucher", "叁拾壹万玖仟元"),
		):
			with self.subTest(print_format=print_format):
				pdf = frappe.get_print(doctype, name, print_format=print_format, as_pdf=True)
				self.assertTrue(pdf.startswith(b"%PDF"), pdf[:20])
				if shutil.which("pdftotext"):
					text = subprocess.run(
						["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
					).stdout.decode()
					# the Chinese came out as text (a font had the characters), not as empty boxes; the
					# font maps some characters to their radicals' code points: compare normalised
					text = unicodedata.normalize("NFKC", text).replace(" ", "")
					self.assertIn(words, text)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
	def log_message(self, *args):
		pass

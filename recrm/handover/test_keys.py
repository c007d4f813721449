"""Handover batches, readiness per buyer and the keys (交钥匙), on a real bench."""

import frappe
from frappe.utils import add_days, nowdate

from recrm.handover.batches import notify_buyers
from recrm.handover.doctype.re_handover_batch.re_handover_batch import HandoverBatchError
from recrm.handover.doctype.re_key_handover.re_key_handover import KeyHandoverError
from recrm.handover.readiness import missing_for_keys
from recrm.tests.cases import StaffTestCase
from recrm.tests.factories import make_contract, make_customer, make_receipt, make_unit
from recrm.tests.portal_factories import make_appointment, make_buyer, make_handover_slot

SIGNATURE = "data:image/png;base64,iVBORw0KGgo="


def make_batch(building: str, ready: bool = False, **kwargs):
	values = {
		"doctype": "RE Handover Batch",
		"batch_title": "第一批交付",
		"building": building,
		"window_from": add_days(nowdate(), 10),
		"window_to": add_days(nowdate(), 11),
		"slot_minutes": 60,
		"appointments_per_slot": 3,
		"day_starts": "09:00:00",
		"day_ends": "12:00:00",
		"location": "交付中心",
	}
	if ready:
		values.update(
			acceptance_filing_number="JB-2026-0001",
			acceptance_filing_date=nowdate(),
			utilities_ready=1,
			property_management_ready=1,
			keys_received=1,
		)
	values.update(kwargs)
	return frappe.get_doc(values).insert()


def paid_up_contract(unit: str, customers: list[str], plan: str):
	contract = make_contract(unit, customers, payment_plan=plan)
	make_receipt(contract.name, contract.final_price)
	accepted_inspection(unit, customers[0])
	return frappe.get_doc("RE Contract", contract.name)


def accepted_inspection(unit: str, customer: str):
	"""The inspection the keys wait for (recrm.handover.inspection.readiness_check), accepted."""
	return frappe.get_doc(
		{
			"doctype": "RE Handover Inspection",
			"unit": unit,
			"customer": customer,
			"inspector": "Administrator",
			"outcome": "Accepted",
		}
	).insert(ignore_permissions=True)


def key_handover(unit: str, signed: bool = True, submit: bool = False, **kwargs):
	doc = frappe.get_doc(
		{"doctype": "RE Key Handover", "unit": unit, "handover_date": nowdate(), "key_count": 3, **kwargs}
	).insert()
	if signed:
		for row in doc.documents:
			row.signed = 1
		doc.buyer_signature = SIGNATURE
		doc.water_meter, doc.electricity_meter, doc.gas_meter = 1.5, 12.0, 0.3
		doc.save()
	if submit:
		doc.submit()
	return doc


def unit_history(unit: str) -> list[tuple]:
	return [
		(r.from_status, r.to_status, r.reference_name)
		for r in frappe.get_all(
			"RE Unit Status Log",
			filters={"unit": unit},
			fields=["from_status", "to_status", "reference_name"],
			order_by="changed_at asc, creation asc",
		)
	]


class TestHandoverBatch(StaffTestCase):
	STAFF_PREFIX = "h1batch"

	def setUp(self):
		super().setUp()
		self.set_up_sale()
		frappe.db.set_value("RE Building", self.building, "construction_stage", "Completed")
		self.buyer = make_buyer("h1b")
		self.contract = make_contract(self.unit, [self.buyer.customer], payment_plan=self.plan)

	def test_opening_is_refused_with_everything_missing_then_opens(self):
		frappe.db.set_value("RE Building", self.building, "construction_stage", "Fit-out")
		batch = make_batch(self.building)
		with self.assertRaises(HandoverBatchError) as caught:
			batch.open_batch()
		message = str(caught.exception)
		for fragment in (
			"is not Completed",
			"filing number",
			"filing date",
			"utilities",
			"property management",
			"received from the contractor",
		):
			self.assertIn(fragment, message)
		self.assertEqual(frappe.db.get_value("RE Handover Batch", batch.name, "status"), "Draft")
		self.assertEqual(frappe.db.count("RE Handover Slot", {"batch": batch.name}), 0)

		# one item at a time: still refused while anything is missing
		batch.reload()
		batch.update({"acceptance_filing_number": "JB-1", "acceptance_filing_date": nowdate()})
		batch.update({"utilities_ready": 1, "property_management_ready": 1, "keys_received": 1})
		batch.save()
		with self.assertRaises(HandoverBatchError) as caught:
			batch.open_batch()
		self.assertIn("is not Completed", str(caught.exception))
		self.assertNotIn("utilities", str(caught.exception))

		frappe.db.set_value("RE Building", self.building, "construction_stage", "Completed")
		batch.reload()
		result = batch.open_batch()
		self.assertEqual(result, {"status": "Open", "slots": 6})
		slots = frappe.get_all(
			"RE Handover Slot", filters={"batch": batch.name}, fields=["status", "capacity", "building"]
		)
		self.assertEqual(len(slots), 6)
		self.assertTrue(
			all(s.status == "Open" and s.capacity == 3 and s.building == self.building for s in slots)
		)
		# the buyer was told once: the bell on the portal, and a notice row on the batch
		batch.reload()
		self.assertEqual(batch.buyers_notified, 1)
		self.assertEqual([n.customer for n in batch.notices], [self.buyer.customer])
		self.assertIn("Portal", batch.notices[0].channels)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.buyer.user, "document_name": batch.name})
		)
		self.assertEqual(notify_buyers(batch.name), 0, "a job run again tells nobody twice")
		# a portal booking of the new slot works as before
		slot = frappe.get_all("RE Handover Slot", filters={"batch": batch.name}, pluck="name", limit=1)[0]
		make_appointment(self.buyer.customer, self.unit, slot)
		self.assertEqual(frappe.db.get_value("RE Handover Slot", slot, "booked"), 1)

		with self.assertRaises(HandoverBatchError):
			batch.open_batch()
		batch.close_batch()
		self.assertEqual(frappe.db.count("RE Handover Slot", {"batch": batch.name, "status": "Open"}), 0)

	def test_opening_sets_the_buildings_actual_handover_date_once(self):
		frappe.db.set_value("RE Building", self.building, "actual_handover_date", None)
		first = make_batch(self.building, ready=True, window_from=nowdate(), window_to=add_days(nowdate(), 1))
		first.open_batch()
		self.assertEqual(
			str(frappe.db.get_value("RE Building", self.building, "actual_handover_date")), nowdate()
		)
		# a later batch of the same building keeps the date the building was first delivered on
		later = make_batch(
			self.building, ready=True, window_from=add_days(nowdate(), 20), window_to=add_days(nowdate(), 21)
		)
		later.open_batch()
		self.assertEqual(
			str(frappe.db.get_value("RE Building", self.building, "actual_handover_date")), nowdate()
		)

	def test_status_moves_only_through_the_buttons(self):
		batch = make_batch(self.building, ready=True)
		batch.status = "Open"
		with self.assertRaises(HandoverBatchError):
			batch.save()
		with self.assertRaises(HandoverBatchError):
			make_batch(self.building, status="Open")

	def test_bad_windows_are_refused(self):
		with self.assertRaises(HandoverBatchError) as caught:
			make_batch(self.building, window_from=add_days(nowdate(), 5), window_to=add_days(nowdate(), 4))
		self.assertIn("before it starts", str(caught.exception))
		with self.assertRaises(HandoverBatchError):
			make_batch(self.building, day_starts="12:00:00", day_ends="09:00:00")
		with self.assertRaises(HandoverBatchError):
			make_batch(self.building, appointments_per_slot=0)
		self.assertEqual(frappe.db.count("RE Handover Batch", {"building": self.building}), 0)


class TestKeyHandover(StaffTestCase):
	STAFF_PREFIX = "h1keys"

	def setUp(self):
		super().setUp()
		self.set_up_sale()

	def customer_stage(self, customer: str) -> tuple[str, list[tuple]]:
		doc = frappe.get_doc("RE Customer", customer)
		return doc.lifecycle_stage, [(r.from_stage, r.to_stage, r.cause) for r in doc.stage_log]

	def test_keys_refused_while_unpaid(self):
		make_contract(self.unit, [self.customer], payment_plan=self.plan)
		accepted_inspection(self.unit, self.customer)
		doc = key_handover(self.unit)
		self.assertEqual(len(missing_for_keys(self.unit)), 1)
		with self.assertRaises(KeyHandoverError) as caught:
			doc.submit()
		self.assertIn("is not paid up", str(caught.exception))
		self.assertEqual(frappe.db.get_value("RE Key Handover", doc.name, "docstatus"), 0)
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit, "status"), "Contracted")

	def test_a_disbursed_loan_is_as_good_as_paid(self):
		contract = make_contract(self.unit, [self.customer], payment_plan=self.plan, submit=False)
		self.assertEqual(
			[line for line in missing_for_keys(self.unit) if "signed contract" in line],
			[missing_for_keys(self.unit)[0]],
		)
		contract.submit()
		frappe.get_doc(
			{
				"doctype": "RE Contract Loan",
				"parent": contract.name,
				"parenttype": "RE Contract",
				"parentfield": "loans",
				"kind": "Mortgage Loan",
				"lender": "建设银行",
				"amount": 500000,
				"approval_stage": "Disbursed",
			}
		).db_insert()
		self.assertFalse(any("paid up" in line for line in missing_for_keys(self.unit)))

	def test_keys_refused_with_documents_unsigned(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		doc = key_handover(self.unit, signed=False)
		doc.buyer_signature = SIGNATURE
		doc.documents[0].signed = 1
		doc.save()
		with self.assertRaises(KeyHandoverError) as caught:
			doc.submit()
		message = str(caught.exception)
		self.assertIn("not signed yet", message)
		self.assertIn(doc.documents[1].document, message)
		self.assertNotIn(doc.documents[0].document, message.split("not signed yet")[1])
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit, "status"), "Contracted")

	def test_keys_refused_without_the_buyers_signature(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		doc = key_handover(self.unit)
		doc.buyer_signature = None
		doc.save()
		with self.assertRaises(KeyHandoverError) as caught:
			doc.submit()
		self.assertIn("has not signed", str(caught.exception))

	def test_keys_make_an_owner_and_cancelling_reverses_both(self):
		co_buyer = make_customer().name
		contract = paid_up_contract(self.unit, [self.customer, co_buyer], self.plan)
		slot = make_handover_slot(self.project, self.building, capacity=2).name
		appointment = make_appointment(self.customer, self.unit, slot).name
		stage_before = self.customer_stage(self.customer)[0]

		doc = key_handover(self.unit, appointment=appointment, submit=True)
		self.assertEqual(doc.contract, contract.name)
		self.assertEqual(doc.customer, self.customer)
		self.assertEqual(len(doc.pack), 5)
		unit = frappe.db.get_value("RE Unit", self.unit, ["status", "handed_over_on"], as_dict=True)
		self.assertEqual((unit.status, str(unit.handed_over_on)), ("Handed Over", nowdate()))
		self.assertEqual(unit_history(self.unit)[-1], ("Contracted", "Handed Over", doc.name))
		for customer in (self.customer, co_buyer):
			stage, log = self.customer_stage(customer)
			self.assertEqual(stage, "Owner")
			self.assertEqual(log[-1][1:], ("Owner", "handover"))
		appointment_row = frappe.db.get_value(
			"RE Handover Appointment", appointment, ["status", "keys_handed_over_on"], as_dict=True
		)
		self.assertEqual(
			(appointment_row.status, str(appointment_row.keys_handed_over_on)), ("Completed", nowdate())
		)

		# a cancel without a reason is refused, nothing written
		doc.reload()
		with self.assertRaises(KeyHandoverError) as caught:
			doc.cancel()
		self.assertIn("Say why", str(caught.exception))
		self.assertEqual(frappe.db.get_value("RE Key Handover", doc.name, "docstatus"), 1)
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit, "status"), "Handed Over")

		doc.reload()
		doc.cancel_reason = "钥匙交错单元"
		doc.cancel()
		unit = frappe.db.get_value("RE Unit", self.unit, ["status", "handed_over_on"], as_dict=True)
		self.assertEqual((unit.status, unit.handed_over_on), ("Contracted", None))
		self.assertEqual(unit_history(self.unit)[-1], ("Handed Over", "Contracted", doc.name))
		self.assertIn(
			"钥匙交错单元",
			frappe.get_all(
				"RE Unit Status Log",
				filters={"unit": self.unit},
				pluck="reason",
				order_by="creation desc",
				limit=1,
			)[0],
		)
		stage, log = self.customer_stage(self.customer)
		self.assertEqual(stage, stage_before)
		self.assertEqual(log[-1], ("Owner", stage_before, "handover_cancelled"))
		self.assertIsNone(frappe.db.get_value("RE Handover Appointment", appointment, "keys_handed_over_on"))

		# the unit is free for a new key handover once the old one is cancelled
		again = key_handover(self.unit, submit=True)
		self.assertEqual(frappe.db.get_value("RE Unit", self.unit, "status"), "Handed Over")
		self.assertEqual(again.docstatus, 1)

	def test_a_second_key_handover_of_a_unit_is_refused(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		first = key_handover(self.unit)
		with self.assertRaises(frappe.UniqueValidationError) as caught:
			key_handover(self.unit)
		self.assertIn("already has a key handover", str(caught.exception))
		first.submit()
		with self.assertRaises(frappe.UniqueValidationError):
			key_handover(self.unit)
		self.assertEqual(frappe.db.count("RE Key Handover", {"unit": self.unit}), 1)

	def test_the_unique_index_holds_when_the_check_is_passed_by(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		key_handover(self.unit)
		doc = frappe.get_doc({"doctype": "RE Key Handover", "unit": self.unit, "handover_date": nowdate()})
		doc.validate_only_one = lambda unit: None
		with self.assertRaises(frappe.UniqueValidationError) as caught:
			doc.insert()
		self.assertIn("already has a key handover", str(caught.exception))

	def test_keys_for_a_unit_without_contract(self):
		unit = make_unit(self.building, floor=2).name
		with self.assertRaises(KeyHandoverError) as caught:
			key_handover(unit)
		self.assertIn("no signed contract", str(caught.exception))
		self.assertEqual(frappe.db.count("RE Key Handover", {"unit": unit}), 0)

	def test_negative_meter_refused(self):
		paid_up_contract(self.unit, [self.customer], self.plan)
		with self.assertRaises(KeyHandoverError):
			key_handover(self.unit, signed=False, water_meter=-1)


class TestHandoverPortal(StaffTestCase):
	STAFF_PREFIX = "h1portal"

	def render(self, user: str, path: str = "/my-home/handover") -> str:
		from frappe.utils import set_request
		from frappe.website.serve import get_response

		frappe.set_user(user)
		set_request(method="GET", path=path)
		response = get_response(path)
		frappe.set_user("Administrator")
		self.assertEqual(response.status_code, 200)
		return response.get_data(as_text=True)

	def test_the_buyer_sees_the_batch_window_and_then_the_keys(self):
		self.set_up_sale()
		frappe.db.set_value("RE Building", self.building, "construction_stage", "Completed")
		buyer = make_buyer("h1p")
		other = make_buyer("h1q")
		paid_up_contract(self.unit, [buyer.customer], self.plan)
		other_unit = make_unit(self.building, floor=2).name
		paid_up_contract(other_unit, [other.customer], self.plan)
		batch = make_batch(self.building, ready=True, batch_title="一期三号楼交付")
		self.assertFalse("一期三号楼交付" in self.render(buyer.user), "a draft batch is not shown")
		batch.open_batch()
		html = self.render(buyer.user)
		self.assertTrue("一期三号楼交付" in html, "一期三号楼交付")
		self.assertTrue('data-batch-open="1"' in html, 'data-batch-open="1"')
		self.assertFalse("recrm-keys" in html, "recrm-keys")

		key_handover(self.unit, submit=True, key_list="入户门钥匙×3")
		key_handover(other_unit, submit=True, water_meter=987.5)
		html = self.render(buyer.user)
		self.assertTrue("recrm-keys" in html, "recrm-keys")
		self.assertTrue("12.0" in html, "12.0")  # the electricity meter
		self.assertIn(
			frappe.db.get_value("RE Key Handover Item", {"parenttype": "RE Key Handover"}, "item"), html
		)
		self.assertFalse("987.5" in html, "another buyer's key handover")

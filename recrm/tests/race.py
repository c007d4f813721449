"""Real parallel connections, for tests of what happens when requests arrive at once.

``Race`` runs each attempt in its own thread on its own database connection (``frappe.init`` +
``frappe.connect``), released together by a barrier as concurrent HTTP requests would be, and
collects what each got and how long it took.

The records a race needs must be committed for the other connections to see them, and so must
what the racing requests make. ``CommittedRecords`` notes every record inserted while it is on, by
the test or by the racing threads, and deletes exactly those again; ``RaceTestCase`` keeps one
around each test (and one around ``make_shared_records`` for the class), so that a race test
leaves a site, demo data and all, as it found it.
"""

import threading
import time
from collections import Counter
from contextlib import contextmanager
from typing import NamedTuple

import frappe
from frappe.model.base_document import BaseDocument
from frappe.tests.utils import FrappeTestCase


class Outcome(NamedTuple):
	user: str
	outcome: str  # "won", "refused" (one of the expected errors) or "error" (anything else)
	message: str


class Race:
	"""Run ``attempts`` at once on separate connections. An attempt is (user, callable) or (user,
	callable, delay): a delay of a few milliseconds after the barrier lets a light request arrive
	while heavier ones are still in flight, so that either side may win. An attempt that returns is
	committed and "won"; one that raises one of ``expected`` is rolled back and "refused"; anything
	else (a timeout at the barrier too) is rolled back and an "error"."""

	def __init__(self, attempts, expected: tuple[type[BaseException], ...] = (), barrier_timeout: float = 60):
		self.attempts = [tuple(a) for a in attempts]
		self.expected = tuple(expected)
		self.barrier_timeout = barrier_timeout
		self.outcomes: list[Outcome] = []
		self.durations: list[float] = []
		self.wall = float("inf")
		self.lock = threading.Lock()

	def run(self, join_timeout: float = 120) -> "Race":
		frappe.db.commit()  # what the attempts race for must be visible to their connections
		site = frappe.local.site
		barrier = threading.Barrier(len(self.attempts))
		started: list[float] = []

		def attempt(user, action, delay=0.0):
			frappe.init(site=site)
			frappe.connect()
			begin = None
			try:
				frappe.set_user(user)
				barrier.wait(timeout=self.barrier_timeout)
				with self.lock:
					started.append(time.monotonic())
				time.sleep(delay)
				begin = time.monotonic()
				action()
				frappe.db.commit()
				outcome = Outcome(user, "won", "")
			except self.expected as error:
				frappe.db.rollback()
				outcome = Outcome(user, "refused", str(error))
			except Exception as error:
				frappe.db.rollback()
				outcome = Outcome(user, "error", repr(error))
			finally:
				frappe.destroy()
			with self.lock:
				if begin is not None:
					self.durations.append(time.monotonic() - begin)
				self.outcomes.append(outcome)

		threads = [threading.Thread(target=attempt, args=args) for args in self.attempts]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join(timeout=join_timeout)
		if started:
			self.wall = time.monotonic() - min(started)
		frappe.db.rollback()  # see what the threads committed
		return self

	def count(self, outcome: str) -> int:
		return sum(1 for o in self.outcomes if o.outcome == outcome)

	def winners(self) -> list[str]:
		return [o.user for o in self.outcomes if o.outcome == "won"]

	def errors(self) -> list[Outcome]:
		return [o for o in self.outcomes if o.outcome == "error"]

	def results(self) -> list[str]:
		"""Every attempt's outcome, sorted ("error: …" with the error), one per attempt that ended."""
		return sorted(o.outcome if o.outcome != "error" else f"error: {o.message}" for o in self.outcomes)

	def report(self, label: str) -> str:
		durations = sorted(self.durations) or [float("nan")]
		return (
			f"{label}: {len(self.outcomes)} requests answered in {self.wall:.2f} s"
			f" (slowest {durations[-1]:.2f} s, median {durations[len(durations) // 2]:.3f} s)"
			f"; outcomes {dict(Counter(o.outcome for o in self.outcomes))}, won by {', '.join(self.winners())}"
		)


class CommittedRecords:
	"""The records inserted while ``noting()`` is on, in any thread, and their removal. Only
	inserts are noted: a test that changes records it did not make must undo that itself.

	Defaults (``DefaultValue``) are not noted: Frappe replaces a user's default by deleting and
	inserting it again, so that one of a user made before would be lost. Those of the users noted
	go with them."""

	NOT_NOTED = frozenset({"DefaultValue"})

	def __init__(self):
		self.records: list[tuple[str, str]] = []
		self.lock = threading.Lock()

	@contextmanager
	def noting(self):
		original = BaseDocument.db_insert
		records, lock = self.records, self.lock

		def db_insert(doc, ignore_if_duplicate=False):
			# an insert that ignores a duplicate may find the record there already: not ours
			existed = bool(ignore_if_duplicate and doc.name and frappe.db.exists(doc.doctype, doc.name))
			result = original(doc, ignore_if_duplicate)
			if not existed and doc.doctype not in CommittedRecords.NOT_NOTED:
				with lock:
					records.append((doc.doctype, doc.name))
			return result

		BaseDocument.db_insert = db_insert
		try:
			yield self
		finally:
			BaseDocument.db_insert = original

	def remove(self):
		"""Delete what was noted, newest first, and commit."""
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for doctype, name in reversed(self.records):
			frappe.db.delete(doctype, {"name": name})
			frappe.clear_document_cache(doctype, name)
			if doctype == "User":
				frappe.db.delete("DefaultValue", {"parent": name})
				frappe.clear_cache(user=name)
		frappe.db.commit()
		self.records.clear()


class RaceTestCase(FrappeTestCase):
	"""A test case whose tests commit: whatever a test (or a race it runs) inserts is deleted after
	it, and whatever ``make_shared_records`` inserts for the class after the class."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.shared_records = CommittedRecords()
		cls.addClassCleanup(cls.shared_records.remove)
		with cls.shared_records.noting():
			cls.make_shared_records()
		frappe.db.commit()

	@classmethod
	def make_shared_records(cls):
		"""Records every test of the class uses (users, say), made once and committed."""

	def setUp(self):
		super().setUp()
		self.records = CommittedRecords()
		noting = self.records.noting()
		noting.__enter__()
		# cleanups run last first: stop noting, then delete
		self.addCleanup(self.records.remove)
		self.addCleanup(noting.__exit__, None, None, None)

"""Disclosure before signing (温馨牵手): the facts a buyer must have seen, and a fingerprint of them.

A project keeps a list of disclosed facts (an unfavourable facility within one kilometre, a known
defect, a planning change). The buyer's acknowledgement records the fingerprint of the list shown;
a contract may be signed only while that fingerprint is still the one of the current list, so a
fact added, changed or withdrawn after the acknowledgement asks for a new one.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from recrm.core.protection import as_date


@dataclass(frozen=True)
class Fact:
	name: str  # the record's id
	category: str
	description: str
	published_on: date | str | None = None


def _canonical(fact: Fact) -> list[str]:
	published = as_date(fact.published_on)
	return [
		str(fact.name).strip(),
		str(fact.category or "").strip(),
		# the words the buyer read; line endings and surrounding blanks are not part of them
		"\n".join(line.rstrip() for line in str(fact.description or "").strip().splitlines()),
		published.isoformat() if published else "",
	]


def fingerprint(facts: Iterable[Fact]) -> str:
	"""SHA-256 of the facts in a canonical form, whatever the order given. The empty list has a
	fingerprint too: acknowledging that nothing was disclosed is an acknowledgement."""
	canonical = sorted(_canonical(fact) for fact in facts)
	payload = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
	return hashlib.sha256(payload.encode("utf-8")).hexdigest()

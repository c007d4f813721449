"""Shows a unittest run (Frappe's run-tests) as a progress count instead of pages of dots.

	run-tests … 2>&1 | python3 scripts/progress.py LOG LABEL

Everything read is written to LOG unchanged; the terminal gets one line per interval (or one line
updated in place on a terminal) with the tests run so far, how many failed or were skipped, and the
time taken. The counts come from unittest's one-character outcomes ('.', 'F', 'E', 's', 'x', 'u')
at the start of a line, so they are an estimate while the run goes on; the closing "Ran N tests" line
in LOG is the number that counts.
"""

import os
import select
import sys
import time

OUTCOMES = {".": "passed", "F": "failed", "E": "failed", "u": "failed", "s": "skipped", "x": "skipped"}


def clock(seconds: float) -> str:
	seconds = int(seconds)
	return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def main() -> int:
	log_path, label = sys.argv[1], sys.argv[2]
	every = float(os.environ.get("RECRM_PROGRESS_EVERY", "15" if sys.stdout.isatty() else "60"))
	tty = sys.stdout.isatty()
	counts = {"passed": 0, "failed": 0, "skipped": 0}
	started = last = time.monotonic()
	at_outcomes = True  # the current line holds only outcome characters so far
	pending = ""
	fd = sys.stdin.fileno()

	def show(final: bool = False) -> None:
		run = sum(counts.values())
		text = (
			f"  {label}: {run} tests run, {counts['failed']} failed, {counts['skipped']} skipped"
			f" ({clock(time.monotonic() - started)})"
		)
		if tty:
			sys.stdout.write("\r\033[K" + text + ("\n" if final else ""))
		else:
			sys.stdout.write(text + "\n")
		sys.stdout.flush()

	with open(log_path, "ab") as log:
		while True:
			ready, _, _ = select.select([fd], [], [], every)
			if ready:
				chunk = os.read(fd, 65536)
				if not chunk:
					break
				log.write(chunk)
				log.flush()
				for char in chunk.decode("utf-8", "replace"):
					# an outcome letter is held until the next character: followed by another letter
					# it began a word ("ERROR\tPropertyValue …" logged by a test), not an outcome
					if pending and char.isalpha() and char not in OUTCOMES:
						pending, at_outcomes = "", False
					elif pending:
						counts[OUTCOMES[pending]] += 1
						pending = ""
					if char == "\n":
						at_outcomes = True
					elif at_outcomes and char == ".":
						counts["passed"] += 1
					elif at_outcomes and char in OUTCOMES:
						pending = char
					else:
						at_outcomes = False
			if time.monotonic() - last >= every:
				show()
				last = time.monotonic()
	if pending:
		counts[OUTCOMES[pending]] += 1
	show(final=True)
	return 0


if __name__ == "__main__":
	sys.exit(main())

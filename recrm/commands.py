"""Bench commands of recrm: ``bench --site SITE recrm-demo`` loads the demo dataset."""

import unicodedata

import click
import frappe
from frappe import _
from frappe.commands import get_site, pass_context


@click.command("recrm-demo")
@click.option("--seed", type=int, default=2026, show_default=True, help="Seed of the demo's random choices.")
@click.option(
	"--scale",
	type=float,
	default=1.0,
	show_default=True,
	help="Share of the full size to build (0.05 makes about 90 units instead of about 1,500).",
)
@pass_context
def recrm_demo(context, seed: int, scale: float):
	"""Load the recrm demo: two projects, six buildings, about 1,500 units, a user per role.

	Re-running creates nothing twice."""
	from recrm.demo.generator import make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if "recrm" not in frappe.get_installed_apps():
			raise click.ClickException(_("recrm is not installed on site {0}.").format(site))
		result = make_demo(seed=seed, scale=scale)
		frappe.db.commit()
		# headings are translated while the site is still connected
		headings = [_("User"), _("Name"), _("Role"), _("Project"), _("Password")]
		rows = [
			[login["user"], login["full_name"], _(login["role"]), login["project"], login["password"]]
			for login in result["logins"]
		]
		title = _("Demo logins on {0}").format(site)
	except Exception:
		frappe.db.rollback()
		raise
	finally:
		frappe.destroy()
	click.echo(f"\n{title}\n{format_table(headings, rows)}")


def display_width(text: str) -> int:
	"""Columns a text takes in a terminal: Chinese characters take two."""
	return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_table(headings: list[str], rows: list[list[str]]) -> str:
	widths = [
		max(display_width(str(cell)) for cell in column) for column in zip(headings, *rows, strict=True)
	]

	def line(cells) -> str:
		return "  ".join(
			str(cell) + " " * (width - display_width(str(cell)))
			for cell, width in zip(cells, widths, strict=True)
		).rstrip()

	rule = "  ".join("-" * width for width in widths)
	return "\n".join([line(headings), rule, *(line(row) for row in rows)])


commands = [recrm_demo]

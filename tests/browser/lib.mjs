// What the browser checks share: Chromium, logging a demo user in, and counting the checks.
//   import { launch, login, check, finish } from "./lib.mjs";
// scripts/test copies tests/browser/*.mjs (this file included) next to playwright-core.
import { chromium } from "playwright-core";

export const PASSWORD = "recrm-demo";
const results = [];
// script errors of the pages, reported once at the end by finish()
export const problems = [];

export function check(name, ok, detail = "") {
	results.push(ok);
	console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? " — " + detail : ""}`);
}

export function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync"],
	});
}

// A new browser context logged in as `user` (password login through /api/method/login), on the
// login page; `label` names the user in the checks' output.
export async function login(browser, base, user, { viewport = { width: 1280, height: 900 }, locale, label } = {}) {
	const context = await browser.newContext(locale ? { viewport, locale } : { viewport });
	const page = await context.newPage();
	const who = label || user;
	page.on("pageerror", (e) => problems.push(`${who}: ${e}`));
	await page.goto(`${base}/login`);
	const status = await page.evaluate(
		async ([usr, pwd]) => (await fetch("/api/method/login", {
			method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({ usr, pwd }),
		})).status,
		[user, PASSWORD]
	);
	check(`${who} logs in`, status === 200, `HTTP ${status}`);
	return page;
}

// The last check (no script errors), the count, and the exit status.
export function finish() {
	check("no script errors in the pages", problems.length === 0, problems.join("; "));
	const failed = results.filter((ok) => !ok).length;
	console.log(`${results.length - failed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

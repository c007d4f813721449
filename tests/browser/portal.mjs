// Browser check of the buyer portal in headless Chromium, on a site with the demo loaded.
//   node portal.mjs BASE_URL SCREENSHOT_DIR
// A guest is sent to log in; the demo buyer (a website user) logs in, opens each portal page on a
// desktop and at phone width (390 px, nothing wider than the screen), switches to English and back,
// signs up for a site-visit day and books a handover slot; the desk and other records stay closed.
// Prints "N passed, M failed".
import { chromium } from "playwright-core";

const [, , base, shots = "."] = process.argv;
const BUYER = "buyer@recrm.demo";
const PASSWORD = "recrm-demo";
const PAGES = [
	["my-home", "/my-home"],
	["progress", "/my-home/progress"],
	["handover", "/my-home/handover"],
];
const results = [];
const problems = [];

function check(name, ok, detail = "") {
	results.push(ok);
	console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? " — " + detail : ""}`);
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
	args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync"],
});

async function buyer_page(viewport) {
	const context = await browser.newContext({ viewport, locale: "zh-CN" });
	const page = await context.newPage();
	page.on("pageerror", (e) => problems.push(`${viewport.width}px: ${e}`));
	// "Cancel your sign-up?" and the like: the buyer says yes
	page.on("dialog", (dialog) => dialog.accept());
	await page.goto(`${base}/login`);
	const status = await page.evaluate(
		async ([usr, pwd]) => (await fetch("/api/method/login", {
			method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({ usr, pwd }),
		})).status,
		[BUYER, PASSWORD]
	);
	check(`the buyer logs in (${viewport.width} px)`, status === 200, `HTTP ${status}`);
	return page;
}

async function open(page, path) {
	const response = await page.goto(`${base}${path}`);
	await page.waitForSelector("[data-recrm-portal]", { timeout: 15000 });
	return response.status();
}

// every photo and floor plan of the page, loaded (they are lazy): how many, and how many failed
async function load_images(page) {
	return page.evaluate(async () => {
		const images = [...document.querySelectorAll("[data-recrm-portal] img")];
		await Promise.all(
			images.map((img) => {
				img.loading = "eager";
				return img.complete && img.naturalWidth ? null : new Promise((done) => {
					img.addEventListener("load", done, { once: true });
					img.addEventListener("error", done, { once: true });
					setTimeout(done, 10000);
				});
			})
		);
		return { total: images.length, broken: images.filter((img) => !img.naturalWidth).map((img) => img.src) };
	});
}

async function action_and_reload(page, selector) {
	await Promise.all([page.waitForNavigation({ timeout: 15000 }), page.click(selector)]);
	await page.waitForSelector("[data-recrm-portal]");
}

try {
	const guest = await (await browser.newContext()).newPage();
	await guest.goto(`${base}/my-home/handover`);
	check("a guest is sent to log in", guest.url().includes("/login"), guest.url());

	const desktop = await buyer_page({ width: 1280, height: 900 });
	for (const [name, path] of PAGES) {
		const started = Date.now();
		const status = await open(desktop, path);
		check(`${path} opens`, status === 200, `HTTP ${status}, ${Date.now() - started} ms`);
		const images = await load_images(desktop);
		check(`${path} shows its ${images.total} private photos and plans`, images.broken.length === 0, images.broken.join(" "));
		await desktop.screenshot({ path: `${shots}/portal-${name}.png`, fullPage: true });
	}

	const phone = await buyer_page({ width: 390, height: 844 });
	for (const [name, path] of PAGES) {
		await open(phone, path);
		const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		check(`${path} fits a phone screen`, overflow <= 1, `${overflow} px too wide`);
		await load_images(phone);
		await phone.screenshot({ path: `${shots}/portal-${name}-phone.png`, fullPage: true });
	}

	// the language switch: English, then back to Chinese
	await open(desktop, "/my-home");
	await action_and_reload(desktop, "[data-recrm-language='en']");
	const english = await desktop.textContent(".recrm-portal-title");
	check("the buyer switches to English", english.trim() === "My Home", english);
	await desktop.screenshot({ path: `${shots}/portal-my-home-en.png`, fullPage: true });
	await action_and_reload(desktop, "[data-recrm-language='zh']");
	const chinese = await desktop.textContent(".recrm-portal-title");
	check("and back to Chinese", chinese.trim() === "我的房屋", chinese);

	// a site-visit day
	await open(desktop, "/my-home/progress");
	if (await desktop.$("[data-recrm-action='cancel-visit']")) {
		await action_and_reload(desktop, "[data-recrm-action='cancel-visit']");
	}
	const day = await desktop.getAttribute("[data-recrm-action='sign-up']", "data-day");
	await action_and_reload(desktop, "[data-recrm-action='sign-up']");
	const signed = await desktop.$(`[data-visit-day='${day}'] .recrm-badge-ok`);
	check("the buyer signs up for a site-visit day", Boolean(signed), day);

	// a handover slot: the last one offered, so that a later run can still cancel it (until a day before)
	await open(desktop, "/my-home/handover");
	if (await desktop.$("[data-recrm-action='cancel-handover']")) {
		await action_and_reload(desktop, "[data-recrm-action='cancel-handover']");
	}
	const summary = await desktop.$(".recrm-reschedule summary");
	if (summary) await summary.click();
	const slots = await desktop.$$("[data-recrm-action='book-handover']");
	if (slots.length) {
		const slot = await slots[slots.length - 1].getAttribute("data-slot");
		await action_and_reload(desktop, `[data-recrm-action='book-handover'][data-slot='${slot}']`);
		const moved = await desktop.$$(`[data-recrm-action='cancel-handover']`);
		check("the buyer books a handover slot", moved.length > 0, slot);
	} else {
		check("the buyer books a handover slot", false, "no slot offered");
	}
	await desktop.screenshot({ path: `${shots}/portal-handover-booked.png`, fullPage: true });

	// what is not theirs stays closed
	const closed = await desktop.evaluate(async () =>
		Promise.all(
			["/api/resource/RE Customer", "/api/resource/RE Unit", "/app/re-handover-defect"].map(
				async (url) => (await fetch(url)).status
			)
		)
	);
	check("customers, units and the desk stay closed to the buyer", closed[0] === 403 && closed[1] === 403 && closed[2] !== 200, closed.join(", "));
} catch (error) {
	check("the browser check ran to the end", false, String(error));
} finally {
	await browser.close();
}
check("no script errors in the pages", problems.length === 0, problems.join("; "));
const failed = results.filter((ok) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

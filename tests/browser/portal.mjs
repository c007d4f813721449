// Browser check of the buyer portal in headless Chromium, on a site with the demo loaded.
//   node portal.mjs BASE_URL SCREENSHOT_DIR
// A guest is sent to log in; the demo buyer logs in on /login and lands on /my-home (staff keep "/"),
// then (a website user) opens each portal page on a
// desktop and at phone width (390 px, nothing wider than the screen), switches to English and back,
// signs up for a site-visit day and books a handover slot; the desk and other records stay closed.
// Contract and payments: the receipt PDF downloads; complaints: the buyer submits one with a photo
// and answers the open survey. Prints "N passed, M failed".
import { PASSWORD, check, finish, launch, login } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;
const BUYER = "buyer@recrm.demo";
const PAGES = [
	["my-home", "/my-home"],
	["contract", "/my-home/contract"],
	["progress", "/my-home/progress"],
	["handover", "/my-home/handover"],
	["complaints", "/my-home/complaints"],
];
// a small PNG (a red square), the photo of the complaint
const PHOTO = Buffer.from(
	"iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4YaNBEmIY1TCqYfhqAAAeBCwQMwPSngAAAABJRU5ErkJggg==",
	"base64"
);

const browser = await launch();

async function buyer_page(viewport) {
	const page = await login(browser, base, BUYER, { viewport, locale: "zh-CN", label: `the buyer (${viewport.width} px)` });
	// "Cancel your sign-up?" and the like: the buyer says yes
	page.on("dialog", (dialog) => dialog.accept());
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

	// logging in on Frappe's own /login form lands the buyer on /my-home (not on the desk app), and
	// "/" is his home; staff keep the desk at "/"
	const form = await (await browser.newContext()).newPage();
	await form.goto(`${base}/login`);
	await form.fill("#login_email", BUYER);
	await form.fill("#login_password", PASSWORD);
	await Promise.all([form.waitForURL(/\/my-home/, { timeout: 15000 }).catch(() => null), form.click(".btn-login")]);
	check("logging in at /login lands the buyer on /my-home", new URL(form.url()).pathname === "/my-home", form.url());
	const root = await form.goto(`${base}/`);
	check("and / is his home", root.status() === 200 && Boolean(await form.$("[data-recrm-portal]")), `HTTP ${root.status()}`);
	const staff = await login(browser, base, "cs.manager@recrm.demo", { label: "a customer service manager" });
	const staff_root = await staff.goto(`${base}/`);
	check("staff are no 403 at /", staff_root.status() !== 403, `HTTP ${staff_root.status()} ${staff.url()}`);

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

	// contract and payments: the schedule, and a receipt's PDF
	await open(desktop, "/my-home/contract");
	const rows = await desktop.$$eval(".recrm-schedule tbody tr", (els) => els.length);
	check("the contract shows its payment schedule", rows > 0, `${rows} rows`);
	const pdf = await desktop.getAttribute(".recrm-receipt a", "href");
	const download = await desktop.evaluate(async (url) => {
		const response = await fetch(url);
		const head = new Uint8Array(await response.arrayBuffer()).slice(0, 4);
		return { status: response.status, type: response.headers.get("content-type"), head: String.fromCharCode(...head) };
	}, pdf);
	check("a receipt downloads as a PDF", download.status === 200 && download.head === "%PDF", `${download.status} ${download.type} ${download.head}`);

	// a complaint with a photo
	await open(desktop, "/my-home/complaints");
	const subject = `浏览器检查：阳台地漏堵塞 ${Date.now()}`;
	await desktop.fill("#complaint-subject", subject);
	await desktop.fill("#complaint-description", "阳台地漏下水很慢，下雨时积水。");
	await desktop.setInputFiles("#complaint-photos", { name: "drain.png", mimeType: "image/png", buffer: PHOTO });
	await Promise.all([
		desktop.waitForNavigation({ timeout: 30000 }),
		desktop.click("[data-recrm-form='submit-complaint'] [type=submit]"),
	]);
	await desktop.waitForSelector("[data-recrm-portal]");
	const item = desktop.locator(".recrm-complaint", { hasText: subject });
	check("the buyer submits a complaint", (await item.count()) === 1, subject);
	await item.locator("summary").click();
	const photo = await load_images(desktop);
	const photos = await item.locator("img").count();
	check("with its photo, which opens for him", photos === 1 && photo.broken.length === 0, `${photos} photos, broken: ${photo.broken.join(" ")}`);
	await desktop.screenshot({ path: `${shots}/portal-complaint-submitted.png`, fullPage: true });

	// a satisfaction survey
	const survey = await desktop.getAttribute("[data-recrm-form='answer-survey']", "data-survey").catch(() => null);
	if (survey) {
		const form = `[data-recrm-form='answer-survey'][data-survey='${survey}']`;
		for (const [question, score] of [["overall", 4], ["product", 5], ["process", 4]]) {
			await desktop.check(`${form} input[name='${question}'][value='${score}']`);
		}
		await desktop.fill(`${form} textarea[name='comments']`, "维修响应很快。");
		await Promise.all([desktop.waitForNavigation({ timeout: 15000 }), desktop.click(`${form} [type=submit]`)]);
		await desktop.waitForSelector("[data-recrm-portal]");
		const answered = await desktop.$(`li[data-survey='${survey}'] .recrm-badge-ok`);
		check("the buyer answers a satisfaction survey", Boolean(answered), survey);
		const again = await desktop.evaluate(async (name) => {
			const response = await fetch("/api/method/recrm.api.portal_service.answer_survey", {
				method: "POST",
				headers: { "Content-Type": "application/json", "X-Frappe-CSRF-Token": frappe.csrf_token },
				body: JSON.stringify({ survey: name, answers: { overall: 1 } }),
			});
			return { status: response.status, text: await response.text() };
		}, survey);
		check("a second answer is refused", again.status === 417 && /SurveyError/.test(again.text), `HTTP ${again.status}`);
	} else {
		check("the buyer answers a satisfaction survey", false, "no open survey on the page");
	}

	// the login page without a password (phone and code where SMS is set up)
	const guest_login = await (await browser.newContext()).newPage();
	const login_status = (await guest_login.goto(`${base}/buyer-login`)).status();
	check("the buyer login page opens", login_status === 200, `HTTP ${login_status}`);
	await guest_login.screenshot({ path: `${shots}/portal-login.png`, fullPage: true });

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
finish();

// Browser check of the club's events on the portal (/my-home/club) and of the door (the desk page
// Club Check-in), in headless Chromium on a site with the demo loaded.
//   node club_events.mjs BASE_URL SCREENSHOT_DIR
// The demo buyer (a member: club.mjs joins him first) sees the events he may come to; registers
// for one (a seat, or the waiting list), sees his place, and cancels it again (the page as it was);
// at phone width nothing is wider than the screen. The club manager opens Club Check-in, scans a
// code that is no member's (refused on the card; a second check-in is refused by the integration tests).
// Prints "N passed, M failed".
import { check, finish, launch, login } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;
const BUYER = "buyer@recrm.demo";
const MANAGER = process.env.RECRM_CLUB_MANAGER || "club@recrm.demo";
const browser = await launch();

async function open(page) {
	const response = await page.goto(`${base}/my-home/club`);
	await page.waitForSelector("[data-recrm-portal]", { timeout: 15000 });
	return response.status();
}

async function act(page, selector) {
	// the button asks "are you sure?" when it has a data-confirm; a dialog Playwright handled already is fine
	page.once("dialog", (dialog) => dialog.accept().catch(() => {}));
	await Promise.all([page.waitForNavigation({ timeout: 15000 }), page.click(selector)]);
	await page.waitForSelector("[data-recrm-portal]");
}

try {
	const desktop = await login(browser, base, BUYER, { viewport: { width: 1280, height: 900 }, locale: "zh-CN", label: "the buyer (1280 px)" });
	check("/my-home/club opens", (await open(desktop)) === 200);
	const section = await desktop.$(".recrm-club-events");
	check("the member sees the club's events", Boolean(section));
	const register = await desktop.$("[data-recrm-action='event-register']");
	const cancel = await desktop.$("[data-recrm-action='event-cancel']");
	check("an event he may register for (or cancel)", Boolean(register || cancel));
	if (cancel && !register) await act(desktop, "[data-recrm-action='event-cancel']");
	const event = await desktop.getAttribute("[data-recrm-action='event-register']", "data-event");
	await act(desktop, `[data-recrm-action='event-register'][data-event='${event}']`);
	const status = (await desktop.textContent(`.recrm-club-event[data-event='${event}'] .recrm-event-status`)).trim();
	check("after registering he sees his place", /已报名|候补第 \d+ 位/.test(status), status);
	await desktop.screenshot({ path: `${shots}/club-events.png`, fullPage: true });
	await act(desktop, `.recrm-club-event[data-event='${event}'] [data-recrm-action='event-cancel']`);
	const after = (await desktop.textContent(`.recrm-club-event[data-event='${event}'] .recrm-event-status`)).trim();
	check("and cancels it again", after === "已取消", after);

	const phone = await login(browser, base, BUYER, { viewport: { width: 390, height: 844 }, locale: "zh-CN", label: "the buyer (390 px)" });
	await open(phone);
	const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	check("the events fit a phone screen", overflow <= 1, `${overflow} px too wide`);
	await phone.screenshot({ path: `${shots}/club-events-phone.png`, fullPage: true });

	const desk = await login(browser, base, MANAGER, { viewport: { width: 1280, height: 900 }, locale: "zh-CN", label: "the club manager" });
	await desk.goto(`${base}/app/club-check-in`);
	await desk.waitForSelector(".recrm-check-in input[data-fieldname='code']", { timeout: 20000 });
	const code = desk.locator(".recrm-check-in input[data-fieldname='code']");
	await code.fill("CM-999999999");
	await code.press("Enter");
	await desk.waitForSelector(".recrm-check-in-danger", { timeout: 10000 });
	check("a code that is no member's is refused on the card", true);
	await desk.screenshot({ path: `${shots}/club-check-in.png`, fullPage: true });
} catch (error) {
	check("the club events check ran to the end", false, String(error && error.stack ? error.stack : error));
} finally {
	await browser.close();
}
finish();

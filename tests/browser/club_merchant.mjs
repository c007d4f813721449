// Browser check of a partner merchant's page (/merchant) in headless Chromium, on a site with the
// demo loaded.
//   node club_merchant.mjs BASE_URL SCREENSHOT_DIR
// The demo merchant's cashier opens the page on a desktop and at phone width (390 px, nothing
// wider than the screen); sees the merchant's offers and redemptions; types a made-up code and is
// told, in Chinese, that it is not a code of the merchant's offers. Prints "N passed, M failed".
import { check, finish, launch, login } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;
const MERCHANT = "merchant@recrm.demo";
const browser = await launch();

async function open(page) {
	const response = await page.goto(`${base}/merchant`);
	await page.waitForSelector("[data-recrm-portal]", { timeout: 15000 });
	return response.status();
}

try {
	const desktop = await login(browser, base, MERCHANT, { viewport: { width: 1280, height: 900 }, locale: "zh-CN", label: "the merchant (1280 px)" });
	const status = await open(desktop);
	check("/merchant opens", status === 200, `HTTP ${status}`);
	const title = (await desktop.textContent(".recrm-portal-title")).trim();
	check("the page is in Chinese", title === "联盟商户", title);
	const offers = await desktop.$$(".recrm-merchant-offers tbody tr");
	check("the merchant sees its offers", offers.length >= 1, `${offers.length} offers`);
	const redeemed = await desktop.$$(".recrm-merchant-redemptions tbody tr");
	check("and its redemptions", redeemed.length >= 1, `${redeemed.length} redemptions`);
	await desktop.fill("#merchant-code", "ABCD-EFGH-JKMN");
	await desktop.click("[data-recrm-form='redeem-code'] [type=submit]");
	await desktop.waitForSelector(".modal.show .modal-body, .msgprint", { timeout: 15000 });
	const refusal = (await desktop.textContent(".modal.show .modal-body").catch(() => "")).trim();
	check("a made-up code is refused with a clear message", refusal.includes("不是贵商户优惠的优惠码"), refusal.slice(0, 120));
	await desktop.screenshot({ path: `${shots}/club-merchant.png`, fullPage: true });

	const phone = await login(browser, base, MERCHANT, { viewport: { width: 390, height: 844 }, locale: "zh-CN", label: "the merchant (390 px)" });
	await open(phone);
	const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	check("/merchant fits a phone screen", overflow <= 1, `${overflow} px too wide`);
	await phone.screenshot({ path: `${shots}/club-merchant-phone.png`, fullPage: true });
} catch (error) {
	check("the merchant check ran to the end", false, String(error && error.stack ? error.stack : error));
} finally {
	await browser.close();
}
finish();

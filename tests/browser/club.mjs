// Browser check of the owners' club page (/my-home/club) in headless Chromium, on a site with the
// demo loaded.
//   node club.mjs BASE_URL SCREENSHOT_DIR
// The demo buyer opens the page on a desktop and at phone width (390 px, nothing wider than the
// screen); joins the club with the consent ticked when he is not a member yet (joining without it
// is refused by the form); then sees his member number, his card (a QR code drawn on the server),
// his tier and points; refers a friend and sees him, masked, in his referrals; in Chinese and in
// English. Prints "N passed, M failed".
import { check, finish, launch, login } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;
const BUYER = "buyer@recrm.demo";
const browser = await launch();

async function open(page) {
	const response = await page.goto(`${base}/my-home/club`);
	await page.waitForSelector("[data-recrm-portal]", { timeout: 15000 });
	return response.status();
}

try {
	const desktop = await login(browser, base, BUYER, { viewport: { width: 1280, height: 900 }, locale: "zh-CN", label: "the buyer (1280 px)" });
	const status = await open(desktop);
	check("/my-home/club opens", status === 200, `HTTP ${status}`);
	const menu = await desktop.$("a[href='/my-home/club']");
	check("the portal's menu links the club", Boolean(menu));
	if (await desktop.$("[data-recrm-form='join-club']")) {
		const required = await desktop.$eval("[data-recrm-form='join-club'] input[name='data_use']", (input) => input.required);
		check("joining asks for the consent to the use of data", required);
		await desktop.check("[data-recrm-form='join-club'] input[name='data_use']");
		await Promise.all([desktop.waitForNavigation({ timeout: 15000 }), desktop.click("[data-recrm-form='join-club'] [type=submit]")]);
		await desktop.waitForSelector("[data-recrm-portal]");
	}
	const number = (await desktop.textContent(".recrm-member-number").catch(() => "")).trim();
	check("the buyer sees his member number", /^CM-\d+$/.test(number), number);
	const qr = await desktop.$(".recrm-club-qr svg");
	check("and his card's QR code", Boolean(qr));
	const balance = (await desktop.textContent(".recrm-points-balance").catch(() => "")).trim();
	check("and his points balance", /^-?\d+$/.test(balance), balance);
	// 老带新: the member refers a friend (a number new to the file), who shows in his referrals, masked
	const referForm = await desktop.$("[data-recrm-form='refer-friend']");
	check("the member can refer a friend", Boolean(referForm));
	if (referForm) {
		const mobile = `166${String(Date.now()).slice(-8)}`;
		await desktop.fill("[data-recrm-form='refer-friend'] input[name='friend_name']", "测试朋友");
		await desktop.fill("[data-recrm-form='refer-friend'] input[name='phone']", mobile);
		await Promise.all([desktop.waitForNavigation({ timeout: 15000 }), desktop.click("[data-recrm-form='refer-friend'] [type=submit]")]);
		await desktop.waitForSelector("[data-recrm-portal]");
		const first = (await desktop.textContent(".recrm-referrals tbody tr td").catch(() => "")).trim();
		check("and sees the friend in his referrals, the name masked", first === "测***", first);
		const html = await desktop.content();
		check("the friend's number is not on the page", !html.includes(mobile));
	}
	const title = (await desktop.textContent(".recrm-portal-title")).trim();
	check("the page is in Chinese", title === "业主会员俱乐部", title);
	await desktop.screenshot({ path: `${shots}/club.png`, fullPage: true });

	const phone = await login(browser, base, BUYER, { viewport: { width: 390, height: 844 }, locale: "zh-CN", label: "the buyer (390 px)" });
	await open(phone);
	const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	check("/my-home/club fits a phone screen", overflow <= 1, `${overflow} px too wide`);
	await phone.screenshot({ path: `${shots}/club-phone.png`, fullPage: true });

	await Promise.all([desktop.waitForNavigation({ timeout: 15000 }), desktop.click("[data-recrm-language='en']")]);
	await desktop.waitForSelector("[data-recrm-portal]");
	const english = (await desktop.textContent(".recrm-portal-title")).trim();
	check("and in English", english === "Owners' Club", english);
	await desktop.screenshot({ path: `${shots}/club-en.png`, fullPage: true });
	await Promise.all([desktop.waitForNavigation({ timeout: 15000 }), desktop.click("[data-recrm-language='zh']")]);
} catch (error) {
	check("the club check ran to the end", false, String(error && error.stack ? error.stack : error));
} finally {
	await browser.close();
}
finish();

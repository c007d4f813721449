// Browser check of a handover step by step, on a site with the demo loaded.
//   node handover_keys.mjs BASE_URL SCREENSHOT_DIR
// A new owner of the building handing over now (owner@recrm.demo, given a portal login by the demo)
// opens /my-home/handover and /my-home/contract on a desktop and at phone width (390 px, nothing
// wider than the screen), in Chinese: the open handover batch, his appointment on one of its slots,
// the inspection, the keys handed over (date, meter readings, the pack), and on his contract the
// late-delivery penalty credited to him. Prints "N passed, M failed".
import { check, finish, launch, login } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;
const OWNER = "owner@recrm.demo";
const browser = await launch();

async function open(page, path) {
	const response = await page.goto(`${base}${path}`);
	await page.waitForSelector("[data-recrm-portal]", { timeout: 15000 });
	return response.status();
}

const text = (page, selector) => page.$eval(selector, (e) => e.innerText.replace(/\s+/g, " ").trim()).catch(() => "");

try {
	for (const [label, viewport] of [
		["desktop", { width: 1280, height: 900 }],
		["phone", { width: 390, height: 844 }],
	]) {
		const page = await login(browser, base, OWNER, { viewport, locale: "zh-CN", label: `the new owner (${label})` });
		check(`${label}: the handover page opens`, (await open(page, "/my-home/handover")) === 200);
		const home = "section.recrm-card:has(.recrm-keys)";
		check(`${label}: a home with its keys handed over is shown`, Boolean(await page.$(home)));
		const batch = await text(page, `${home} .recrm-batch`);
		check(`${label}: the handover batch, open, with its window`, /交付/.test(batch) && batch.includes("–"), batch);
		const appointment = await text(page, `${home} .recrm-appointment`);
		check(`${label}: his appointment on a slot of the batch`, /\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}/.test(appointment), appointment);
		const inspection = await text(page, `${home} .recrm-inspection`);
		check(`${label}: his inspection with its outcome`, inspection.length > 0 && /验房|接收|收房|Accepted/.test(inspection), inspection);
		const defects = (await page.$$(`${home} .recrm-defect`)).length;
		check(`${label}: the defects found at the inspection`, defects > 0, `${defects} defects`);
		const keys = await text(page, `${home} .recrm-keys`);
		check(`${label}: the keys handed over on a date`, /\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}/.test(keys), keys.slice(0, 120));
		const meters = await page.$$eval(`${home} .recrm-keys .recrm-list-item`, (els) =>
			els.map((e) => e.innerText.replace(/\s+/g, " ").trim())
		);
		check(
			`${label}: the meter readings`,
			["水", "电", "气"].every((m) => meters.some((line) => line.includes(m) && /\d/.test(line))),
			meters.slice(0, 3).join(" | ")
		);
		check(`${label}: the page is in Chinese`, /交钥匙|钥匙/.test(keys), keys.slice(0, 40));
		let overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		check(`${label}: nothing on the handover page is wider than the screen`, overflow <= 0, `${overflow} px too wide`);
		await page.screenshot({ path: `${shots}/handover-keys-${label}.png`, fullPage: true });

		check(`${label}: the contract page opens`, (await open(page, "/my-home/contract")) === 200);
		const money = await page.$$eval(".recrm-handover-money", (els) => els.map((e) => e.innerText.replace(/\s+/g, " ").trim()));
		check(`${label}: the late-delivery penalty is credited to him`, money.some((line) => /违约金/.test(line) && /\d/.test(line)), money.join(" | "));
		overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		check(`${label}: nothing on the contract page is wider than the screen`, overflow <= 0, `${overflow} px too wide`);
		await page.screenshot({ path: `${shots}/handover-keys-contract-${label}.png`, fullPage: true });
		await page.context().close();
	}
} catch (error) {
	check("the check ran to its end", false, String((error && error.stack) || error));
} finally {
	await browser.close();
}
finish();

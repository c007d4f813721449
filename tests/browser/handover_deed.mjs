// Browser check of the title deed on the buyer's handover page, in headless Chromium, on a site
// with the demo loaded.
//   node handover_deed.mjs BASE_URL SCREENSHOT_DIR
// The demo buyer opens /my-home/handover on a desktop and at phone width (390 px): each deed shows
// its stage, the eight stages (网签 … 发证) with the current one marked and the done ones dated,
// and the name (never the e-mail) of who handles it; nothing is wider than the screen.
// Prints "N passed, M failed".
import { check, finish, launch, login } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;
const BUYER = "buyer@recrm.demo";
const STAGES = ["网签", "备案", "首次登记", "资料收集", "递件", "缴税", "领证", "发证"];

const browser = await launch();

try {
	for (const [label, viewport] of [
		["desktop", { width: 1280, height: 900 }],
		["phone", { width: 390, height: 844 }],
	]) {
		const page = await login(browser, base, BUYER, { viewport, locale: "zh-CN", label: `the buyer (${label})` });
		const response = await page.goto(`${base}/my-home/handover`);
		await page.waitForSelector("[data-recrm-portal]", { timeout: 15000 });
		check(`${label}: the handover page opens`, response.status() === 200, `status ${response.status()}`);
		const deeds = await page.$$eval(".recrm-deed", (els) =>
			els.map((el) => ({
				stage: el.querySelector(".recrm-deed-stage")?.innerText.trim() || "",
				steps: [...el.querySelectorAll(".recrm-steps li")].map((li) => ({
					text: li.innerText.trim(),
					done: li.classList.contains("done"),
					current: li.classList.contains("current"),
				})),
				handler: el.querySelector(".recrm-deed-handler")?.innerText.trim() || "",
			}))
		);
		check(`${label}: the buyer's deeds are shown`, deeds.length >= 1, `${deeds.length} deeds`);
		for (const [index, deed] of deeds.entries()) {
			const names = deed.steps.map((s) => s.text);
			check(
				`${label}: deed ${index + 1} lists the eight stages in order`,
				deed.steps.length === 8 && STAGES.every((stage, i) => names[i]?.startsWith(stage)),
				names.join(" | ")
			);
			const current = deed.steps.findIndex((s) => s.current);
			check(
				`${label}: deed ${index + 1} marks its stage (${deed.stage}) and every stage before it done`,
				current >= 0 && deed.stage === STAGES[current] &&
					deed.steps.every((s, i) => s.done === i <= current),
				`current ${current}`
			);
			check(
				`${label}: deed ${index + 1} names who handles it, not their e-mail`,
				deed.handler.length > 0 && !deed.handler.includes("@"),
				deed.handler
			);
		}
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		check(`${label}: nothing is wider than the screen`, overflow <= 0, `${overflow} px too wide`);
		await page.screenshot({ path: `${shots}/handover-deed-${label}.png`, fullPage: true });
		await page.context().close();
	}
} catch (error) {
	check("the check ran to the end", false, String(error && error.stack || error));
} finally {
	await browser.close();
}
finish();

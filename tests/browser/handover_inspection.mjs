// Browser check of the buyer's handover inspection and warranty repairs, on a site with the demo.
//   node handover_inspection.mjs BASE_URL SCREENSHOT_DIR
// The demo buyer opens /my-home/handover on a desktop and at phone width (390 px, nothing wider
// than the screen): his inspection and its defects by room; he confirms one fixed defect, says
// another is not fixed (with a note), and asks for a repair of his handed-over home with a photo,
// which is found in warranty at once. Prints "N passed, M failed".
import { check, finish, launch, login } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;
const BUYER = "buyer@recrm.demo";
const PHOTO = Buffer.from(
	"iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGM4YaNBEmIY1TCqYfhqAAAeBCwQMwPSngAAAABJRU5ErkJggg==",
	"base64"
);
const browser = await launch();

async function open(page) {
	const response = await page.goto(`${base}/my-home/handover`);
	await page.waitForSelector("[data-recrm-portal]", { timeout: 15000 });
	return response.status();
}

async function submit_and_reload(page, form, selector = "[type=submit]") {
	await Promise.all([page.waitForNavigation({ timeout: 20000 }), form.$eval(selector, (b) => b.click())]);
	await page.waitForSelector("[data-recrm-portal]");
}

try {
	for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
		const label = viewport.width < 500 ? "phone" : "desktop";
		const page = await login(browser, base, BUYER, { viewport, locale: "zh-CN", label: `the buyer (${label})` });
		page.on("dialog", (dialog) => dialog.accept());
		check(`${label}: the handover page opens`, (await open(page)) === 200);
		check(`${label}: his inspection is shown`, Boolean(await page.$(".recrm-inspection")));
		const rooms = await page.$$eval(".recrm-room", (els) => els.map((e) => e.textContent.trim()));
		check(`${label}: the defects are listed by room`, rooms.length > 0, rooms.join(", "));
		if (viewport.width < 500) {
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			check("phone: nothing is wider than the screen", overflow <= 1, `${overflow} px too wide`);
		}
		await page.screenshot({ path: `${shots}/handover-inspection-${label}.png`, fullPage: true });

		// a fixed defect: the desktop confirms it, the phone says it is not fixed
		const form = await page.$("form[data-recrm-form=confirm-defect]");
		check(`${label}: a fixed defect asks for his answer`, Boolean(form));
		if (form) {
			const defect = await form.getAttribute("data-defect");
			if (label === "phone") {
				await form.$eval("input[name=fixed][value='0']", (input) => { input.checked = true; });
				await form.$eval("textarea[name=note]", (t) => { t.value = "接口还在滴水"; });
			}
			await submit_and_reload(page, form);
			const item = await page.$(`[data-defect="${defect}"]`);
			const answered = item ? await item.$eval(".recrm-confirmation", (e) => e.textContent).catch(() => "") : "";
			check(`${label}: his answer on ${defect} is recorded`, answered.length > 0, answered);
			const again = item ? await item.$("form[data-recrm-form=confirm-defect]") : null;
			check(`${label}: ${defect} ${label === "phone" ? "went back to its contractor" : "asks nothing more"}`, label === "phone" ? !again : !again);
		}

		// a repair of his handed-over home, with a photo: in warranty at once
		const before = (await page.$$(".recrm-repair")).length;
		await page.click(".recrm-new-repair summary");
		const repair = await page.$("form[data-recrm-form=submit-repair]");
		check(`${label}: the repair form is offered`, Boolean(repair));
		if (repair) {
			await repair.$eval("select[name=component]", (s) => { s.value = "Electrical"; });
			await repair.$eval("select[name=room]", (s) => { s.value = "Kitchen"; });
			await repair.$eval("textarea[name=description]", (t) => { t.value = `厨房插座没电（${Date.now()}）`; });
			const input = await repair.$("input[name=photos]");
			await input.setInputFiles({ name: "socket.png", mimeType: "image/png", buffer: PHOTO });
			await submit_and_reload(page, repair);
			const after = (await page.$$(".recrm-repair")).length;
			check(`${label}: the repair request is listed`, after === before + 1, `${before} → ${after}`);
			const text = await page.$eval(".recrm-repair", (e) => e.textContent);
			check(`${label}: it is in warranty, free`, text.includes("免费"), text.replace(/\s+/g, " ").slice(0, 120));
			await page.screenshot({ path: `${shots}/handover-repair-${label}.png`, fullPage: true });
		}
		await page.context().close();
	}
} catch (error) {
	check("the check ran to its end", false, String(error));
} finally {
	await browser.close();
}
finish();

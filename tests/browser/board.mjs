// Browser check of the sales control board in headless Chromium, on a site with the demo loaded.
//   node board.mjs BASE_URL BUILDING SCREENSHOT_DIR
// An advisor and a sales manager open the same board; the manager holds a unit through the unit
// dialog, and the advisor's board must show it without a reload. Prints "N passed, M failed".
import { check, finish, launch, login as login_as, problems } from "./lib.mjs";

const [, , base, building, shots = "."] = process.argv;

const browser = await launch();

function login(user, viewport) {
	return login_as(browser, base, user, { viewport });
}

async function open_board(page) {
	await page.goto(`${base}/app/sales-control-board/${encodeURIComponent(building)}`);
	await page.waitForSelector(".recrm-unit[data-unit]", { timeout: 30000 });
	await page.waitForFunction(() => frappe.realtime.socket && frappe.realtime.socket.connected, null, { timeout: 15000 })
		.catch(() => problems.push("socket did not connect"));
}

try {
	const advisor = await login("advisor@recrm.demo", { width: 1440, height: 900 });
	await open_board(advisor);
	const cells = await advisor.$$eval(".recrm-unit[data-unit]", (els) => els.length);
	const counted = await advisor.$$eval(".recrm-legend-count", (els) => els.reduce((n, el) => n + Number(el.textContent), 0));
	check("the board draws every unit and the legend counts them all", cells > 0 && cells === counted, `${cells} cells, ${counted} counted`);

	await advisor.click(".recrm-unit.recrm-status-available");
	await advisor.waitForSelector(".modal.show .recrm-unit-facts");
	const advisor_dialog = await advisor.$eval(".modal.show", (el) => el.innerText);
	check("an advisor sees no floor price and no hold action", !/Floor Price|底价/.test(advisor_dialog) && !/\bHold\b|销控/.test(advisor_dialog));
	await advisor.keyboard.press("Escape");

	const manager = await login("sales.manager@recrm.demo", { width: 1440, height: 900 });
	await open_board(manager);
	const target = await manager.$eval(".recrm-unit.recrm-status-available", (el) => el.dataset.unit);
	await manager.click(`.recrm-unit[data-unit="${target}"]`);
	await manager.waitForSelector(".modal.show .recrm-unit-facts");
	const hold = manager.locator(".modal.show .custom-actions button", { hasText: /Hold|销控/ });
	check("a sales manager is offered Hold", (await hold.count()) === 1);
	const started = Date.now();
	await hold.click();
	await manager.waitForSelector(".modal.show textarea[data-fieldname='reason']");
	await manager.fill(".modal.show textarea[data-fieldname='reason']", "browser check: held for the launch");
	await manager.click(".modal.show .btn-primary");

	const held_here = await manager.waitForFunction(
		(unit) => document.querySelector(`.recrm-unit[data-unit="${CSS.escape(unit)}"]`)?.classList.contains("recrm-status-held"),
		target, { timeout: 10000 }).then(() => true, () => false);
	check("the manager's board shows the unit held", held_here);
	const held_there = await advisor.waitForFunction(
		(unit) => document.querySelector(`.recrm-unit[data-unit="${CSS.escape(unit)}"]`)?.classList.contains("recrm-status-held"),
		target, { timeout: 10000 }).then(() => true, () => false);
	check("the advisor's open board shows it within seconds, without a reload", held_there, `${Date.now() - started} ms`);
	await advisor.screenshot({ path: `${shots}/board-advisor.png` });

	const phone = await login("advisor@recrm.demo", { width: 390, height: 844 });
	await open_board(phone);
	await phone.screenshot({ path: `${shots}/board-phone.png` });
	check("the board renders at phone width", (await phone.$$eval(".recrm-unit[data-unit]", (els) => els.length)) === cells);

	// leave the unit as it was for the next run
	await manager.evaluate((unit) => frappe.call({
		method: "recrm.inventory.status.apply_sales_control", args: { unit, action: "release", reason: "browser check done" },
	}), target);
} catch (error) {
	check("the browser check ran to the end", false, String(error));
} finally {
	await browser.close();
}
finish();

// Browser check of the reception page in headless Chromium, on a site with the demo loaded.
//   node reception.mjs BASE_URL SCREENSHOT_DIR
// The receptionist (an advisor, desk in Chinese) types a returning customer's phone in another
// format and gets the card; a number another advisor protects is refused without a name; an
// unknown number offers the registration form, and registering opens the new customer.
// Prints "N passed, M failed".
import { check, finish, launch, login as login_as } from "./lib.mjs";

const [, , base, shots = "."] = process.argv;

const browser = await launch();

async function login(user, { viewport = { width: 1280, height: 900 }, desk = true } = {}) {
	const page = await login_as(browser, base, user, { viewport });
	if (!desk) return page;
	await page.goto(`${base}/app`);
	await page.waitForFunction(() => window.frappe && frappe.boot && frappe.call, null, { timeout: 30000 });
	return page;
}

// a customer of `advisor` (or of another advisor, still protected), as the manager sees them, with
// the full primary phone
async function customer_of(manager, advisor, protected_only) {
	return manager.evaluate(async ([advisor, protected_only]) => {
		const filters = [["RE Customer Advisor", "advisor", "=", advisor]];
		if (protected_only) {
			filters.push(["RE Customer Advisor", "protected_until", ">=", new Date().toISOString().slice(0, 10)]);
		}
		const query = new URLSearchParams({
			doctype: "RE Customer",
			fields: JSON.stringify(["name", "full_name"]),
			filters: JSON.stringify(filters),
			limit_page_length: 1,
			order_by: "name asc",
		});
		const response = await fetch(`/api/method/frappe.client.get_list?${query}`);
		const customer = (await response.json()).message[0];
		if (!customer) return customer;
		// the full number is kept apart from the customer: the manager asks for it as the list does
		const phones = new URLSearchParams({ customers: JSON.stringify([customer.name]) });
		const full = await fetch(`/api/method/recrm.api.phones.get_full_phones?${phones}`);
		customer.primary_phone = (await full.json()).message[customer.name];
		return customer;
	}, [advisor, protected_only]);
}

// "+8613812345678" typed as the front desk hears it: "138-1234-5678"
const dashed = (phone) => {
	const national = phone.replace(/^\+86/, "");
	return `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
};

async function type_phone(page, phone) {
	const input = page.locator(".recrm-reception-input input");
	await input.fill("");
	await input.fill(phone);
}

try {
	// the manager only looks customers up through the API: no desk page to wait for
	const manager = await login("sales.manager@recrm.demo", { desk: false });
	const own = await customer_of(manager, "advisor@recrm.demo", false);
	const other = await customer_of(manager, "advisor.zhao@recrm.demo", true);
	check("the demo has customers of the receptionist and of a colleague", Boolean(own && other));

	const desk = await login("advisor@recrm.demo");
	await desk.goto(`${base}/app/reception`);
	await desk.waitForSelector(".recrm-reception-input input", { timeout: 30000 });

	await type_phone(desk, dashed(own.primary_phone));
	const card = await desk.waitForSelector(".recrm-reception-card h4", { timeout: 10000 }).then(
		(el) => el.innerText(), () => "");
	check("a returning customer is found from the phone typed with dashes", card.includes(own.full_name), card);
	const card_text = await desk.$eval(".recrm-reception-card", (el) => el.innerText);
	check("the card shows the owner advisor, the last interactions and the full number of one's own customer",
		card_text.includes("王芳") && card_text.includes(own.primary_phone.slice(-4)) && !card_text.includes("****"),
		card_text.split("\n").slice(0, 3).join(" | "));
	await desk.screenshot({ path: `${shots}/reception-zh.png` });

	await type_phone(desk, other.primary_phone.replace(/^\+86/, "+86 "));
	const refusal = await desk.waitForSelector(".recrm-reception-refusal", { timeout: 10000 }).then(
		(el) => el.innerText(), () => "");
	check("a customer another advisor protects is refused on the card, without saying who it is",
		refusal.length > 0 && !refusal.includes(other.full_name) && !refusal.includes(other.name), refusal);
	check("the refusal needs no dialog to be closed", (await desk.$$(".modal.show")).length === 0);

	const fresh = `137${String(Date.now()).slice(-8)}`;
	await type_phone(desk, fresh);
	await desk.waitForSelector(".recrm-register", { timeout: 10000 });
	check("an unknown number offers the registration", true);
	await desk.click(".recrm-register");
	await desk.waitForSelector(".modal.show input[data-fieldname='full_name']");
	await desk.fill(".modal.show input[data-fieldname='full_name']", "浏览器测试客户");
	const project = desk.locator(".modal.show input[data-fieldname='project']");
	if (!(await project.inputValue())) {
		await project.fill("曼乐广场");
		await desk.waitForSelector(".modal.show .awesomplete li", { timeout: 5000 }).catch(() => {});
		await desk.keyboard.press("Enter").catch(() => {});
	}
	await desk.fill(".modal.show textarea[data-fieldname='impressions']", "带孩子来，想看三房");
	await desk.click(".modal.show .btn-primary");
	const opened = await desk.waitForURL(/\/app\/re-customer\/CUS-/, { timeout: 15000 }).then(() => true, () => false);
	check("registering the visitor opens their new customer record", opened, desk.url());
	await desk.screenshot({ path: `${shots}/reception-registered.png` });
} catch (error) {
	check("the browser check ran to the end", false, String(error));
} finally {
	await browser.close();
}
finish();

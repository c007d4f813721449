// The buyer portal (recrm/www/my-home): the language switch and the buttons of each page, each a
// call to a whitelisted method (recrm/api/portal.py, recrm/portal/access.py), then a reload.

const ACTIONS = {
	"sign-up": (button) => ({
		method: "recrm.api.portal.sign_up_for_site_visit",
		args: {
			day: button.dataset.day,
			persons: button.closest(".recrm-list-action").querySelector(".recrm-persons").value,
		},
	}),
	"cancel-visit": (button) => ({
		method: "recrm.api.portal.cancel_site_visit_sign_up",
		args: { day: button.dataset.day },
	}),
	"book-handover": (button) => ({
		method: "recrm.api.portal.book_handover",
		args: { slot: button.dataset.slot, unit: button.dataset.unit },
	}),
	"cancel-handover": (button) => ({
		method: "recrm.api.portal.cancel_handover",
		args: { appointment: button.dataset.appointment },
	}),
};

function recrm_call(method, args, button) {
	if (button) button.disabled = true;
	return frappe
		.call({ method, args, type: "POST", freeze: true })
		.then(() => window.location.reload())
		.catch(() => {
			// frappe.call has shown the server's message
			if (button) button.disabled = false;
		});
}

document.addEventListener("click", (event) => {
	const language = event.target.closest("[data-recrm-language]");
	if (language) {
		recrm_call("recrm.portal.access.set_language", { language: language.dataset.recrmLanguage }, language);
		return;
	}
	const button = event.target.closest("[data-recrm-action]");
	if (!button || !ACTIONS[button.dataset.recrmAction]) return;
	const run = () => {
		const { method, args } = ACTIONS[button.dataset.recrmAction](button);
		recrm_call(method, args, button);
	};
	if (button.dataset.confirm) {
		if (window.confirm(button.dataset.confirm)) run();
	} else {
		run();
	}
});

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
	"accept-repair-quote": (button) => ({
		method: "recrm.api.portal_handover.accept_repair_quote",
		args: { repair: button.dataset.repair },
	}),
	"offer-code": (button) => ({
		method: "recrm.api.portal_club.get_offer_code",
		args: { offer: button.dataset.offer },
	}),
	"club-marketing": (button) => ({
		method: "recrm.api.portal_club.set_marketing_consent",
		args: { member: button.dataset.member, given: button.dataset.given },
	}),
	"event-register": (button) => ({
		method: "recrm.api.portal_club.register_for_event",
		args: { event: button.dataset.event },
	}),
	"event-cancel": (button) => ({
		method: "recrm.api.portal_club.cancel_event_registration",
		args: { registration: button.dataset.registration },
	}),
	"confirm-resolved": (button) => ({
		method: "recrm.api.portal_service.confirm_complaint_resolved",
		args: { complaint: button.dataset.complaint },
	}),
};

// forms: the method, its arguments from the form, and the complaint photos go up after it
const FORMS = {
	"submit-complaint": (form) => ({
		method: "recrm.api.portal_service.submit_complaint",
		args: {
			unit: form.elements.unit.value,
			category: form.elements.category.value,
			subject: form.elements.subject.value,
			description: form.elements.description.value,
		},
		complaint: (message) => message.complaint,
	}),
	"confirm-defect": (form) => ({
		method: "recrm.api.portal_handover.confirm_defect",
		args: {
			defect: form.dataset.defect,
			fixed: form.querySelector("input[name=fixed]:checked").value,
			note: form.elements.note.value,
		},
	}),
	"submit-repair": (form) => ({
		method: "recrm.api.portal_handover.submit_repair_request",
		args: {
			unit: form.dataset.unit,
			room: form.elements.room.value,
			component: form.elements.component.value,
			description: form.elements.description.value,
		},
		complaint: (message) => message.repair,
		photo_doctype: "RE Repair Request",
	}),
	"add-information": (form) => ({
		method: "recrm.api.portal_service.add_complaint_information",
		args: { complaint: form.dataset.complaint, information: form.elements.information.value },
		complaint: () => form.dataset.complaint,
	}),
	"reopen-complaint": (form) => ({
		method: "recrm.api.portal_service.reopen_complaint",
		args: { complaint: form.dataset.complaint, reason: form.elements.reason.value },
	}),
	"join-club": (form) => ({
		method: "recrm.api.portal_club.join_club",
		args: {
			data_use: form.elements.data_use.checked ? 1 : 0,
			marketing: form.elements.marketing.checked ? 1 : 0,
			birthday: form.elements.birthday.value,
		},
	}),
	"refer-friend": (form) => ({
		method: "recrm.api.portal_club.refer_friend",
		args: {
			friend_name: form.elements.friend_name.value,
			phone: form.elements.phone.value,
			project: form.elements.project.value,
		},
	}),
	"redeem-code": (form) => ({
		method: "recrm.api.portal_merchant.redeem_code",
		args: { code: form.elements.code.value },
		notice: (message) => message.message,
	}),
	"answer-survey": (form) => {
		const answers = {};
		for (const input of form.querySelectorAll("input[type=radio]:checked")) {
			answers[input.name] = parseInt(input.value, 10);
		}
		return {
			method: "recrm.api.portal_service.answer_survey",
			args: { survey: form.dataset.survey, answers: JSON.stringify(answers), comments: form.elements.comments.value },
		};
	},
};

// one photo, straight to recrm.portal.uploads.upload_photo, which checks the complaint is the
// buyer's and the photo's type and size (Frappe's upload_file would ask for write permission on
// the complaint, which a buyer does not hold)
async function upload_photo(file, docname, doctype = "RE Complaint") {
	const data = new FormData();
	data.append("file", file, file.name);
	data.append("doctype", doctype);
	data.append("docname", docname);
	const response = await fetch("/api/method/recrm.portal.uploads.upload_photo", {
		method: "POST",
		body: data,
		headers: { "X-Frappe-CSRF-Token": frappe.csrf_token, Accept: "application/json" },
	});
	if (!response.ok) {
		const body = await response.json().catch(() => ({}));
		let message = body.exception || response.statusText;
		try {
			message = JSON.parse(JSON.parse(body._server_messages)[0]).message;
		} catch (e) {
			// keep the exception's text
		}
		throw new Error(`${file.name}: ${message}`);
	}
}

document.addEventListener("submit", async (event) => {
	const form = event.target.closest("[data-recrm-form]");
	if (!form || !FORMS[form.dataset.recrmForm]) return;
	event.preventDefault();
	const { method, args, complaint, photo_doctype, notice } = FORMS[form.dataset.recrmForm](form);
	const submit = form.querySelector("[type=submit]");
	submit.disabled = true;
	try {
		const { message } = await frappe.call({ method, args, type: "POST", freeze: true });
		const photos = form.elements.photos ? Array.from(form.elements.photos.files) : [];
		if (complaint && photos.length) {
			const name = complaint(message);
			for (const file of photos) await upload_photo(file, name, photo_doctype);
		}
		if (notice) {
			// the merchant reads the outcome before the list of redemptions is read again
			const dialog = frappe.msgprint({ message: notice(message), indicator: "green" });
			dialog.onhide = () => window.location.reload();
			return;
		}
		window.location.reload();
	} catch (error) {
		// frappe.call has shown the server's message; a photo's refusal is shown here
		if (error && error.message) frappe.msgprint(error.message);
		submit.disabled = false;
	}
});

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

// /buyer-login: a code by SMS, then the code; or an e-mail link (recrm/portal/phone_login.py)
document.addEventListener("submit", async (event) => {
	const form = event.target.closest("[data-recrm-login]");
	if (!form) return;
	event.preventDefault();
	const phone = document.getElementById("login-phone");
	const calls = {
		"send-code": () => ({ method: "recrm.portal.phone_login.send_login_code", args: { phone: phone.value } }),
		code: () => ({
			method: "recrm.portal.phone_login.login_with_code",
			args: { phone: phone.value, code: form.elements.code.value },
		}),
		"email-link": () => ({
			method: "recrm.portal.phone_login.send_login_link",
			args: { email: form.elements.email.value },
		}),
	};
	const { method, args } = calls[form.dataset.recrmLogin]();
	const submit = form.querySelector("[type=submit]");
	submit.disabled = true;
	try {
		const { message } = await frappe.call({ method, args, type: "POST" });
		if (message && message.home) {
			window.location.href = message.home;
			return;
		}
		if (message && message.message) frappe.msgprint(message.message);
	} catch (error) {
		// frappe.call has shown the server's message
	}
	submit.disabled = false;
});

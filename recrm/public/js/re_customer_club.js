// The owners' club on the customer's form: Join the Club (with the consents given on a signed form),
// and the member's record once they are one (recrm/club/membership.py).
frappe.ui.form.on("RE Customer", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_create("RE Club Member")) return;
		frappe.db.get_value("RE Club Member", { customer: frm.doc.name }, ["name", "status"]).then(({ message }) => {
			if (message && message.name && message.status === "Active") {
				frm.add_custom_button(__("Club Membership"), () => frappe.set_route("Form", "RE Club Member", message.name), __("Club"));
				return;
			}
			frm.add_custom_button(__("Join the Club"), () => join_club(frm), __("Club"));
		});
	},
});

function join_club(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Join the Club"),
		fields: [
			{ fieldname: "channel", fieldtype: "Select", label: __("Channel"), options: ["Desk", "Reception"], default: "Desk" },
			{ fieldname: "method", fieldtype: "Select", label: __("How"), options: ["Signed Form", "Phone"], default: "Signed Form" },
			{ fieldname: "data_use", fieldtype: "Check", label: __("Consents to Club Use of Data"), reqd: 1 },
			{ fieldname: "marketing", fieldtype: "Check", label: __("Consents to Marketing Messages") },
			{ fieldname: "birthday", fieldtype: "Date", label: __("Birthday") },
		],
		primary_action_label: __("Join the Club"),
		primary_action(values) {
			if (!values.data_use) {
				frappe.msgprint(__("A member must consent to the club's use of their data before joining."));
				return;
			}
			frappe
				.call({
					method: "recrm.club.membership.join_from_desk",
					args: { customer: frm.doc.name, channel: values.channel, method: values.method, marketing: values.marketing ? 1 : 0, birthday: values.birthday },
					freeze: true,
				})
				.then(({ message }) => {
					dialog.hide();
					frappe.set_route("Form", "RE Club Member", message);
				});
		},
	});
	dialog.show();
}

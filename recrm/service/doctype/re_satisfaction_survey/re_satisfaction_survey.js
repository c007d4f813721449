// Copyright (c) 2026, recrm developers and contributors
// For license information, please see license.txt

const SURVEY_QUESTIONS = [
	["overall", __("Overall"), 1],
	["product", __("Product and Service Core"), 0],
	["process", __("Process and Support"), 0],
	["technical", __("Technical Performance"), 0],
	["interaction", __("Interaction with the Company"), 0],
	["emotional", __("Emotional Factors"), 0],
];

frappe.ui.form.on("RE Satisfaction Survey", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.answered_on) return;
		if (frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Record Answer"), () => record_answer(frm));
		}
	},
});

function record_answer(frm) {
	const fields = SURVEY_QUESTIONS.map(([question, label, reqd]) => ({
		fieldname: question,
		fieldtype: "Select",
		label,
		reqd,
		options: ["", "1", "2", "3", "4", "5"],
	}));
	fields.push({ fieldname: "comments", fieldtype: "Small Text", label: __("Comments") });
	frappe.prompt(
		fields,
		(values) => {
			const answers = {};
			SURVEY_QUESTIONS.forEach(([question]) => {
				if (values[question]) answers[question] = parseInt(values[question], 10);
			});
			frappe
				.call("recrm.service.surveys.answer_survey", {
					survey: frm.doc.name,
					answers,
					comments: values.comments,
				})
				.then(() => frm.reload_doc());
		},
		__("Record the Customer's Answer"),
		__("Save")
	);
}

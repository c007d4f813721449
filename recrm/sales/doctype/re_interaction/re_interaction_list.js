frappe.listview_settings["RE Interaction"] = {
	add_fields: ["next_follow_up_date", "follow_up_done"],
	get_indicator(doc) {
		const today = frappe.datetime.get_today();
		if (doc.next_follow_up_date && !doc.follow_up_done) {
			if (doc.next_follow_up_date < today) {
				return [
					__("Overdue"),
					"red",
					`follow_up_done,=,0|next_follow_up_date,<,${today}`,
				];
			}
			return [__("Follow-up Open"), "orange", "follow_up_done,=,0"];
		}
		return [__("Done"), "green", "follow_up_done,=,1"];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Overdue Follow-ups"), () => {
			listview.filter_area.clear(false).then(() => {
				listview.filter_area.add([
					["RE Interaction", "follow_up_done", "=", 0],
					["RE Interaction", "next_follow_up_date", "<", frappe.datetime.get_today()],
				]);
			});
		});
	},
};

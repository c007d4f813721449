# Copyright (c) 2026, recrm developers and contributors
# For license information, please see license.txt

import frappe

from recrm.tests.cases import StaffTestCase


def make_article(**kwargs):
	return frappe.get_doc(
		{
			"doctype": "RE Knowledge Article",
			"title": kwargs.pop("title", "卫生间渗水的排查步骤"),
			"category": "Leaks",
			"content": kwargs.pop("content", "<p>先做闭水试验，再检查防水层和地漏。</p>"),
			**kwargs,
		}
	).insert()


class TestREKnowledgeArticle(StaffTestCase):
	STAFF_PREFIX = "kb"
	STAFF = ("engineer", "advisor")

	def test_drafts_stay_with_their_author_until_published(self):
		author, reader = self.engineer, self.advisor
		frappe.set_user(author)
		draft = make_article()
		published = make_article(title="门窗渗水处理经验", published=1)
		self.assertTrue(published.published_on)
		frappe.set_user(reader)
		visible = set(frappe.get_list("RE Knowledge Article", pluck="name"))
		self.assertIn(published.name, visible)
		self.assertNotIn(draft.name, visible)
		self.assertFalse(frappe.has_permission("RE Knowledge Article", "read", doc=draft.name))
		with self.assertRaises(frappe.PermissionError):
			make_article()

	def test_articles_are_found_by_title_and_tag(self):
		article = make_article(published=1)
		article.add_tag("培训")
		names = frappe.get_list(
			"RE Knowledge Article",
			filters={"title": ("like", "%渗水%"), "_user_tags": ("like", "%培训%")},
			pluck="name",
		)
		self.assertEqual(names, [article.name])
		self.assertIn("RE Knowledge Article", frappe.get_all("Global Search DocType", pluck="document_type"))

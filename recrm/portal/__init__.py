"""The home buyer's portal (业主门户): who the buyer is, what is theirs, and who may see it.

- ``access``: the website user linked to an ``RE Customer`` (``portal_user``), the invitation
  from the customer's form, ``current_customer()`` for every portal route, the language switch;
- ``homes``: ``units_of(customer)``, the units a buyer reserved, bought or owns, and the buyers
  of a building (``customers_of_buildings``), from every source that links them;
- ``permissions``: what a buyer may read of each DocType (``permission_query_conditions`` and
  ``has_permission``), the same rule for lists and single records;
- ``uploads``: photos attached to portal records are private images of a limited size;
- ``phone_login``: logging in without a password, by phone and one-time code or by e-mail link.

The pages are in ``recrm/www/my-home/``; what buyers do there, in ``recrm/api/portal.py`` (visits,
handover) and ``recrm/api/portal_service.py`` (complaints, surveys).
"""

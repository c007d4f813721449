"""The home buyer's portal (业主门户): who the buyer is and what is theirs, read for them by recrm.

Home buyers hold no DocType permission: Frappe's generic routes refuse them everything of recrm's.

- ``access``: the website user linked to an ``RE Customer`` (``portal_user``), the invitation
  from the customer's form, ``current_customer()``, the language switch and the home pages;
- ``buyer``: **the one portal layer** — ``current_buyer()`` resolves the buyer's customer, units
  and the names of their records once a request; every page and portal method reads and writes
  through it, with the ownership in its queries;
- ``scopes``: the rule that makes a record of each portal DocType a buyer's (``SCOPES``);
- ``files``: the photos, floor plans and PDFs of a buyer's records, served after the check;
- ``uploads``: photos attached to portal records are private images of a limited size;
- ``security``: what a website user may not get from Frappe's own routes and DocTypes (the
  Frappe endpoints replaced for it are in ``recrm/overrides/``);
- ``phone_login``: logging in without a password, by phone and one-time code or by e-mail link.

The portal is the top layer (``docs/architecture.md``): the rules it applies that are not about
the portal live in the modules below it — the units a customer holds in ``recrm.inventory.buyers``,
the customer of a login in ``recrm.sales.customers``, places under a lock in
``recrm.inventory.places``, photo records in ``recrm.photos``.

The pages are in ``recrm/www/my-home/``; what buyers do there, in ``recrm/api/portal.py`` (visits,
handover) and ``recrm/api/portal_service.py`` (complaints, surveys).
"""

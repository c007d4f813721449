"""The places of a handover slot: its booked appointments, counted under a lock
(``recrm.inventory.places.Places``)."""

from recrm.inventory.places import Places

HANDOVER_PLACES = Places(
	offer="RE Handover Slot",
	taker="RE Handover Appointment",
	link="slot",
	total="booked",
	taking=(("status", "Booked"),),
)

"""The attendee list as CSV, for a coordinator's spreadsheet: safe to open in one."""

import csv

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from events.models import Talk
from events.zoned_fields import as_local

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def attendees_csv_write(talk: Talk, out) -> None:
    """Write the talk's confirmed people (by name), then its waitlist (in order), then the
    walk-ins let in at the door (in the order they came), to `out`."""
    rsvps = [*talk.rsvps.attending().order_by(Lower("name"), "pk"), *talk.rsvps.waitlist()]
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Status"),
            _("Name"),
            _("Email"),
            _("Party size"),
            _("Accessibility needs"),
            _("Heard about"),
            _("Checked in at"),
        ]
    )
    for rsvp in rsvps:
        checked_in = as_local(rsvp.checked_in_at, talk.tzinfo)
        writer.writerow(
            [
                spreadsheet_cell(rsvp.get_status_display()),
                spreadsheet_cell(rsvp.name),
                spreadsheet_cell(rsvp.email),
                rsvp.party_size,
                spreadsheet_cell(rsvp.accessibility_needs),
                spreadsheet_cell(rsvp.heard_about),
                checked_in.isoformat(sep=" ", timespec="minutes") if checked_in else "",
            ]
        )
    for walk_in in talk.walk_ins.order_by("at", "pk"):
        writer.writerow(
            [
                _("Walk-in"),
                spreadsheet_cell(walk_in.name),
                "",
                walk_in.people,
                "",
                "",
                as_local(walk_in.at, talk.tzinfo).isoformat(sep=" ", timespec="minutes"),
            ]
        )

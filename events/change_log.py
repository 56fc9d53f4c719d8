"""A talk's change log as people read it: who, when, and each change as "Field: old → new".

Coordinators read it on the talk's page; the change notices to attendees quote the same
lines.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Talk, TalkChange

DETAIL_LABELS = {
    "message": gettext_lazy("Message"),
    "copy": gettext_lazy("Copy"),
    "subject": gettext_lazy("Subject"),
    "body": gettext_lazy("Text"),
    "audience": gettext_lazy("Sent to"),
    "recipients": gettext_lazy("People"),
    "cohosts": gettext_lazy("Co-hosts"),  # kept by outreach (events/hooks.py)
}


@dataclass(frozen=True)
class ChangeRow:
    at: datetime
    who: str
    action: str
    lines: list[str]


def shown_value(value, zone) -> str:
    """A stored detail as a person reads it: a moment in the talk's zone, "—" for nothing."""
    if value in ("", None):
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if timezone.is_naive(moment):
        return str(value)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def field_label(key: str) -> str:
    if key in DETAIL_LABELS:
        return str(DETAIL_LABELS[key])
    try:
        return capfirst(Talk._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key


def _in_field_order(item) -> int:
    """Details in the order of the talk's fields (PostgreSQL's jsonb keeps no key order)."""
    names = [field.name for field in Talk._meta.get_fields()]
    return names.index(item[0]) if item[0] in names else len(names)


def detail_lines(details: dict, zone) -> list[str]:
    """Each stored detail as one line: "Field: old → new", or "Field: value"."""
    lines = []
    for key, value in sorted(details.items(), key=_in_field_order):
        if key == "changed" and isinstance(value, dict):
            lines += detail_lines(value, zone)
        elif isinstance(value, list) and len(value) == 2:
            lines.append(
                _("%(field)s: %(old)s → %(new)s")
                % {
                    "field": field_label(key),
                    "old": shown_value(value[0], zone),
                    "new": shown_value(value[1], zone),
                }
            )
        else:
            lines.append(
                _("%(field)s: %(value)s")
                % {"field": field_label(key), "value": shown_value(value, zone)}
            )
    return lines


def change_rows(talk: Talk) -> list[ChangeRow]:
    return [
        ChangeRow(
            at=change.at,
            who=change.by.email if change.by else _("(deleted account)"),
            action=TalkChange.Action(change.action).label
            if change.action in TalkChange.Action.values
            else change.action,
            lines=detail_lines(change.details, talk.tzinfo),
        )
        for change in talk.changes.select_related("by")
    ]


# What a change notice lists, from the change log's latest entry. Time (and its zone) is
# shown in discreet emails too; anything else only as "changed" there.
NOTICE_FIELDS = ("start", "end", "time_zone", "title", "venue", "online_url")
TIME_FIELDS = {"start", "end", "time_zone"}
NOTICE_TIME_FORMAT = "D j M H:i"


def _notice_value(key: str, value, talk: Talk):
    """A stored old or new value as a change notice shows it: a moment in the talk's zone."""
    if key in ("start", "end") and value:
        moment = datetime.fromisoformat(value).astimezone(talk.tzinfo)
        return formats.date_format(moment, NOTICE_TIME_FORMAT)
    return value


def change_notice_lines(talk: Talk, *, discreet: bool) -> list[str]:
    """The lines "Start: Thu 28 Nov 18:30 → Fri 29 Nov 18:30", "Venue: A → B" for the talk's
    latest change, times in its own zone. A join link is never quoted (not everyone told
    has a seat); discreet lines give times only, the rest as "changed"."""
    latest = TalkChange.objects.filter(talk=talk).order_by("-pk").first()
    if latest is None:
        return []
    details = latest.details.get("changed", latest.details)
    shown = {}
    for key in NOTICE_FIELDS:
        if not isinstance(details.get(key), list):
            continue
        if key == "online_url" or (discreet and key not in TIME_FIELDS):
            shown[key] = _("changed")
        else:
            shown[key] = [_notice_value(key, value, talk) for value in details[key]]
    return detail_lines(shown, talk.tzinfo)

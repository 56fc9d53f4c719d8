"""Wall-clock date and time fields read in a talk's own time zone, never the server's.

`<input type="datetime-local">` sends a time without a zone: 18:30 typed for a talk in
Europe/London means 18:30 there. These fields keep it naive until the form knows the
zone, then `ZonedTimesMixin.attach_zone` makes it aware (refusing times a DST gap skips).
"""

import re
import zoneinfo
from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

# What a datetime-local input sends (seconds optional), and nothing else: no zone, no NUL.
LOCAL_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


NOT_PLACES = {"Factory", "localtime", "posixrules"}


def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - NOT_PLACES)
    return [(name, name) for name in names]


def aware_in_zone(local: datetime, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """`local` wall-clock time in `zone`, or None when the clocks skip it (a DST gap).

    An ambiguous time (the clocks go back) is read as its first occurrence.
    """
    aware = local.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return aware if round_trip == local else None


def as_local(value: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """An aware datetime as the naive wall-clock time a `LocalDateTimeField` shows."""
    return value.astimezone(zone).replace(tzinfo=None) if value else None


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=LOCAL_FORMAT)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time without a zone; the form attaches the talk's zone.

    Only years a talk can sensibly have pass: a start in 9999 would break every calendar
    that includes the talk (icalendar cannot write the year 10000 a VTIMEZONE reaches).
    """

    widget = LocalDateTimeInput
    FIRST_YEAR = 2000
    YEARS_AHEAD = 10

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        try:
            parsed = parse_datetime(text) if LOCAL_PATTERN.fullmatch(text) else None
        except ValueError:  # well formed, but no such moment: 30 February
            parsed = None
        if parsed is None or timezone.is_aware(parsed):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def validate(self, value):
        super().validate(value)
        last_year = timezone.now().year + self.YEARS_AHEAD
        if value is not None and not self.FIRST_YEAR <= value.year <= last_year:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": self.FIRST_YEAR, "last": last_year},
                code="out_of_range",
            )


class ZonedTimesMixin:
    """Turns the cleaned wall-clock times of `zoned_fields` into aware datetimes in a zone."""

    zoned_fields: tuple[str, ...] = ()

    def attach_zone(self, zone: zoneinfo.ZoneInfo) -> None:
        for name in self.zoned_fields:
            local = self.cleaned_data.get(name)
            if local is None:
                continue
            aware = aware_in_zone(local, zone)
            if aware is None:
                self.add_error(
                    name,
                    _(
                        "%(time)s does not exist in %(zone)s: the clocks skip it. "
                        "Choose a time outside the change."
                    )
                    % {"time": local.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
                )
            else:
                self.cleaned_data[name] = aware

    def check_start_and_end(self, now: datetime) -> None:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and start <= now:
            self.add_error("start", _("The start must be in the future."))
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))

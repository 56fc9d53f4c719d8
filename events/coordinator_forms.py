"""The coordinator's forms. They validate input; the views hand it to events.services.

Dates and times are typed as wall-clock times (`<input type="datetime-local">`) and read in
the talk's own time zone, never the server's: 18:30 in Europe/London is 18:30 there.
"""

import zoneinfo
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import MessageAudience, Series, Speaker, Talk, Topic, Venue
from events.uploads import ACCEPTED, picture_checked
from events.zoned_fields import (
    LocalDateTimeField,
    ZonedTimesMixin,
    as_local,
    time_zone_choices,
)
from notifications.forms import PlainLineField

# The most people one walk-in adds: a family or a small group; a bigger one is several.
MAX_WALK_IN_PEOPLE = 20

# More people than any room or online call holds, and well inside what the column stores
# (a larger number reached the database and failed there, a 500).
MAX_CAPACITY = 1_000_000
TALK_IMAGE_MAX_BYTES = 2 * 1024 * 1024


def capacity_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Capacity"),
        required=False,
        validators=[MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Leave empty for unlimited."),
    )


def checked_capacity(capacity: int | None) -> int | None:
    if capacity is not None and capacity < 0:
        raise forms.ValidationError(_("Capacity cannot be negative. Leave it empty for unlimited."))
    return capacity


class ReminderHoursField(forms.CharField):
    """Hours before the start, comma-separated ("24, 2"); empty switches reminders off."""

    MAX_HOURS = 24 * 14

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(hours) for hours in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        try:
            hours = sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise forms.ValidationError(
                _("Give whole hours separated by commas, for example: 24, 2")
            ) from None
        if any(h < 1 or h > self.MAX_HOURS for h in hours):
            raise forms.ValidationError(
                _("Each reminder must be between 1 and %(max)s hours before the start.")
                % {"max": self.MAX_HOURS}
            )
        return hours


def model_field(name: str, **overrides) -> forms.Field:
    return Talk._meta.get_field(name).formfield(**overrides)


# The largest id a database column holds: a bigger one is no row of ours, and SQLite
# refuses to even compare it (OverflowError) where PostgreSQL finds nothing.
LARGEST_ID = 2**63 - 1


def _holdable(value) -> bool:
    try:
        return abs(int(str(value))) <= LARGEST_ID
    except ValueError:
        return True  # not a number: the field's own check refuses it


class ChoiceOfRow(forms.ModelChoiceField):
    """A row chosen by id; an id no column could hold is an invalid choice, not a 500."""

    def to_python(self, value):
        if value not in self.empty_values and not _holdable(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ChoiceOfRows(forms.ModelMultipleChoiceField):
    """Rows chosen by id, refusing ids no column could hold as ChoiceOfRow does."""

    def _check_values(self, value):
        for pk in value:
            if not _holdable(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class TalkForm(ZonedTimesMixin, forms.Form):
    """A talk's details. Create uses all of it; edit leaves out start, end and capacity."""

    zoned_fields = ("start", "end", "rsvp_opens_at", "rsvp_closes_at")

    # One plain line each: they become email subjects, calendar titles and list entries.
    title = model_field("title", form_class=PlainLineField)
    slug = model_field("slug", help_text=_("Used in the talk's web address."))
    summary = model_field("summary", form_class=PlainLineField)
    description = model_field("description")
    topics = ChoiceOfRows(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    speakers = ChoiceOfRows(
        label=_("Speakers"),
        queryset=Speaker.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    series = ChoiceOfRow(label=_("Series"), queryset=Series.objects.all(), required=False)
    venue = ChoiceOfRow(label=_("Venue"), queryset=Venue.objects.all(), required=False)
    online_url = model_field("online_url", assume_scheme="https")
    image = model_field(
        "image",
        help_text=_(
            "Optional. A JPEG, PNG or WebP image of at most 2 MB, shown on the talk's page "
            "and when a link to it is shared (1200 by 630 pixels suits most sites)."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial=settings.TIME_ZONE,
        help_text=_("The dates and times below are read in this zone."),
        error_messages={"invalid_choice": _("“%(value)s” is not a known time zone.")},
    )
    start = LocalDateTimeField(label=_("Start"))
    end = LocalDateTimeField(label=_("End"))
    capacity = capacity_field()
    waitlist_enabled = model_field("waitlist_enabled")
    max_companions = model_field("max_companions")
    rsvp_opens_at = LocalDateTimeField(
        label=_("RSVPs open"), required=False, help_text=_("Leave empty to open at once.")
    )
    rsvp_closes_at = LocalDateTimeField(
        label=_("RSVPs close"), required=False, help_text=_("Leave empty to close at the start.")
    )
    ask_accessibility_needs = model_field("ask_accessibility_needs")
    ask_heard_about = model_field("ask_heard_about")
    reminder_hours = ReminderHoursField(
        label=_("Reminder emails (hours before the start)"),
        required=False,
        initial="24, 2",
        help_text=_("Comma-separated, for example 24, 2. Leave empty for no reminders."),
    )

    def __init__(self, *args, talk: Talk | None = None, now: datetime | None = None, **kwargs):
        self.talk = talk
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = ACCEPTED

    @classmethod
    def initial_for(cls, talk: Talk) -> dict:
        """The form's initial values for `talk`, with times shown in the talk's zone."""
        zone = talk.tzinfo
        initial = {name: getattr(talk, name) for name in cls.base_fields}
        for name in cls.zoned_fields:
            if name in initial:
                initial[name] = as_local(initial[name], zone)
        initial["topics"] = list(talk.topics.all())
        initial["speakers"] = list(talk.speakers.all())
        return initial

    def clean_image(self):
        return picture_checked(
            self.cleaned_data.get("image"),
            max_bytes=TALK_IMAGE_MAX_BYTES,
            too_big=_("The image is larger than 2 MB. Choose a smaller one."),
            not_image=_("The image must be a JPEG, PNG or WebP image."),
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        others = Talk.objects.filter(slug=slug)
        if self.talk is not None:
            others = others.exclude(pk=self.talk.pk)
        if others.exists():
            raise forms.ValidationError(_("Another talk already uses this slug."))
        return slug

    def clean_capacity(self):
        return checked_capacity(self.cleaned_data["capacity"])

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            # An edit shows the times in the talk's current zone, so it reads them there
            # too: choosing another zone keeps the moments, as its help text says.
            zone = self.talk.tzinfo if self.talk else zoneinfo.ZoneInfo(zone_name)
            self.attach_zone(zone)
            if "start" in self.fields:
                self.check_start_and_end(self.now)
            opens, closes = cleaned.get("rsvp_opens_at"), cleaned.get("rsvp_closes_at")
            if opens and closes and closes <= opens:
                self.add_error("rsvp_closes_at", _("RSVPs must close after they open."))
        both_valid = "venue" in cleaned and "online_url" in cleaned
        if both_valid and cleaned["venue"] is None and not cleaned["online_url"]:
            self.add_error("venue", _("Choose a venue, give an online link, or both."))
        return cleaned

    def talk_fields(self) -> dict:
        """The cleaned values as keyword arguments for talk_create / talk_update."""
        fields = dict(self.cleaned_data)
        fields.pop("topics")
        fields.pop("speakers")
        return fields


class TalkEditForm(TalkForm):
    """Start, end and capacity change on their own pages, which tell attendees."""

    start = None
    end = None
    capacity = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].help_text = _(
            "A new zone keeps the same moment (the clock time there changes): "
            "to change the clock time, reschedule."
        )


class RescheduleForm(ZonedTimesMixin, forms.Form):
    zoned_fields = ("start", "end")

    start = LocalDateTimeField(label=_("New start"))
    end = LocalDateTimeField(label=_("New end"))

    def __init__(self, *args, talk: Talk, now: datetime | None = None, **kwargs):
        self.talk = talk
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self.attach_zone(self.talk.tzinfo)
        self.check_start_and_end(self.now)
        return cleaned


class DuplicateForm(RescheduleForm):
    start = LocalDateTimeField(label=_("Start of the copy"))
    end = LocalDateTimeField(label=_("End of the copy"))

    @staticmethod
    def initial_for(talk: Talk) -> dict:
        """The same local time one week later (kept across a change of clocks)."""
        week = timedelta(days=7)
        zone = talk.tzinfo
        return {"start": as_local(talk.start, zone) + week, "end": as_local(talk.end, zone) + week}


class CapacityForm(forms.Form):
    capacity = capacity_field()

    def clean_capacity(self):
        return checked_capacity(self.cleaned_data["capacity"])


class CancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone who RSVPed"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent by email with the cancellation and shown on the talk's page."),
    )


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send to"), choices=MessageAudience, initial=MessageAudience.CONFIRMED
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        help_text=_(
            "People who chose discreet emails do not see this subject: theirs is "
            "“Message about your event on” and the talk's date, e.g. “… on 12 March”."
        ),
    )
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_(
            "Each person gets their own email; no one sees who else got it. People who "
            "chose discreet emails do not see this message at all: they get only a neutral "
            "note that the organisers wrote to them, with the talk's time and a link to "
            "their RSVP page."
        ),
    )


class WalkInForm(forms.Form):
    """People let in without an RSVP: a count, and a name only if the coordinator wants
    one (attendee data like any RSVP's, emptied after ATTENDEE_RETENTION_DAYS)."""

    people = forms.IntegerField(
        label=_("People"), min_value=1, max_value=MAX_WALK_IN_PEOPLE, initial=1
    )
    name = PlainLineField(
        label=_("Name (optional)"),
        max_length=100,
        required=False,
        help_text=_("Only if you need to know who is in the room."),
    )

"""Public forms: finding talks and RSVPing. They validate; services do the work."""

from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.models import Talk, Topic
from notifications.forms import PlainLineField
from notifications.selectors import email_settings_current

MARKUP_CHARACTERS = set("<>")
# The longest address mail can carry (RFC 5321), and the longest our columns store.
MAX_EMAIL_LENGTH = 254
# The longest name an RSVP stores (a member's name becomes their RSVPs' names).
MAX_NAME_LENGTH = 100


def validate_plain_name(value: str) -> None:
    if MARKUP_CHARACTERS & set(value):
        raise ValidationError(_("Please use plain text: no < or > characters."))


class RsvpForm(forms.Form):
    """What we ask of a person: only a name (any name) and, for guests, an email.

    Companions are a number only: never who they are or how they are related.
    """

    name = PlainLineField(
        label=_("Your name"),
        max_length=MAX_NAME_LENGTH,
        help_text=_("A first name or a nickname is fine."),
        validators=[validate_plain_name],
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=MAX_EMAIL_LENGTH,
        help_text=_("We send a link to confirm your RSVP, and nothing else without your say."),
    )
    companions = forms.TypedChoiceField(label=_("People coming with you"), coerce=int, initial=0)
    accessibility_needs = forms.CharField(
        label=_("Accessibility or accommodation needs (optional)"),
        help_text=_("For example captions, an ASL interpreter, or step-free access."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    heard_about = PlainLineField(
        label=_("How did you hear about this talk? (optional)"), required=False, max_length=200
    )
    discreet_emails = forms.BooleanField(
        label=_("Discreet emails"),
        required=False,
        help_text=_(
            "A neutral subject and sender, with no talk title or topic in the email: "
            "for an inbox or lock screen others may see."
        ),
    )

    def __init__(self, *args, talk: Talk, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.talk = talk
        if not self.is_bound:  # the site's default shows on an empty form only
            self.fields["discreet_emails"].initial = email_settings_current().discreet_by_default
        if member is not None:
            del self.fields["email"]
            self.fields["name"].initial = member.first_name or member.email.split("@")[0]
        if talk.max_companions:
            self.fields["companions"].choices = [
                (n, str(n)) for n in range(talk.max_companions + 1)
            ]
        else:
            del self.fields["companions"]
        if not talk.ask_accessibility_needs:
            del self.fields["accessibility_needs"]
        if not talk.ask_heard_about:
            del self.fields["heard_about"]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "party_size": 1 + data.get("companions", 0),
            "accessibility_needs": data.get("accessibility_needs", ""),
            "heard_about": data.get("heard_about", ""),
            "discreet_emails": data["discreet_emails"] or None,
        }


class MemberNameForm(forms.Form):
    """A member's own name, on their account page; it may be left empty."""

    name = PlainLineField(
        label=_("Your name"),
        max_length=MAX_NAME_LENGTH,
        required=False,
        help_text=_(
            "The name your RSVPs start with: a first name or a nickname is fine. Only the "
            "organisers see it."
        ),
        validators=[validate_plain_name],
    )


class PartySizeForm(forms.Form):
    """How many people come with the person, as on the RSVP form: a number only."""

    companions = forms.TypedChoiceField(label=_("People coming with you"), coerce=int)

    def __init__(self, *args, talk: Talk, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companions"].choices = [(n, str(n)) for n in range(talk.max_companions + 1)]

    def party_size(self) -> int:
        return 1 + self.cleaned_data["companions"]


MAX_MONTH = 9999 * 12 + 11  # December 9999: the last month a date can start


def month_start(day: date, months_later: int) -> datetime:
    """Midnight on the first of the month `months_later` after `day`'s, in the site's
    zone: a month as a range of `start`, which its index can serve."""
    month = min(day.year * 12 + day.month - 1 + months_later, MAX_MONTH)
    first = date(month // 12, month % 12 + 1, 1)
    return timezone.make_aware(datetime.combine(first, time.min))


MONTHS_OFFERED = 12


def months_offered(today: date, *, forward: bool) -> list[date]:
    """The first days of the twelve months a list offers to filter by: this month and
    the eleven after it (upcoming talks) or before it (past talks)."""
    step = 1 if forward else -1
    return [month_start(today, step * n).date() for n in range(MONTHS_OFFERED)]


class TalkFilterForm(forms.Form):
    FORMATS = [("", _("Any format")), ("in_person", _("In person")), ("online", _("Online"))]

    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    # A plain select (a month input shows "--------- ----" in Chromium); any "YYYY-MM"
    # still filters, so links made before keep working.
    month = forms.DateField(label=_("Month"), required=False, input_formats=["%Y-%m"])
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)

    def __init__(self, *args, months: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        offered = [(first.strftime("%Y-%m"), date_format(first, "F Y")) for first in months]
        asked = self.data.get("month", "")
        if asked and asked not in dict(offered):
            offered = self._with_asked_month(offered, asked)
        self.fields["month"].widget = forms.Select(choices=[("", _("Any month")), *offered])

    def _with_asked_month(self, offered: list, asked: str) -> list:
        """A valid month from a link, though not offered, stays chosen in the select."""
        try:
            first = self.fields["month"].clean(asked)
        except ValidationError:
            return offered
        return [*offered, (asked, date_format(first, "F Y"))]

    def has_filters(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(self, talks):
        if not self.is_valid():
            return talks
        data = self.cleaned_data
        if data["topic"]:
            talks = talks.filter(topics=data["topic"])
        if data["month"]:
            talks = talks.filter(start__gte=month_start(data["month"], 0))
            talks = talks.filter(start__lt=month_start(data["month"], 1))
        if data["format"] == "online":
            talks = talks.exclude(online_url="")
        elif data["format"] == "in_person":
            talks = talks.exclude(venue=None)
        return talks


class CalendarFeedForm(forms.Form):
    """What a person's own calendar feed shows; or a new secret URL for it."""

    alarms = forms.BooleanField(
        label=_("Reminders in my calendar"),
        required=False,
        help_text=_("Your calendar app alerts you before each talk."),
    )
    discreet_titles = forms.BooleanField(
        label=_("Discreet titles"),
        required=False,
        help_text=_("“Community talk” instead of the title, for calendars others can see."),
    )
    rotate = forms.BooleanField(required=False, widget=forms.HiddenInput)


class TalkSearchForm(forms.Form):
    """Words to look for in talks' titles, descriptions, speakers and topics."""

    q = forms.CharField(
        label=_("Search talks"),
        max_length=200,
        required=False,
        help_text=_("For example a topic, the name of a speaker, or a word from the title."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def words(self) -> str:
        return self.cleaned_data["q"] if self.is_valid() else ""

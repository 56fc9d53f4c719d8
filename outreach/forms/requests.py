"""The talk request forms: the public request, and the coordinators' triage and decline.
They validate input; the views hand it to outreach.services.requests."""

from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Topic
from notifications.forms import PlainLineField
from notifications.outbox import MAX_ADDRESS_LENGTH
from outreach.models import TalkRequest
from outreach.request_tokens import form_shown_stamp
from outreach.services.requests import TRIAGE_MOVES

PREFERRED_DATES = 3
MAX_AUDIENCE = 100_000


class RequestForm(forms.Form):
    """What a group tells us. `website` is a trap for bots (hidden from people, who leave
    it empty); `shown` is the signed moment the form was shown (checked by the view)."""

    organisation = PlainLineField(label=_("Organisation or group"), max_length=200)
    contact_name = PlainLineField(label=_("Your name"), max_length=100)
    contact_email = forms.EmailField(
        label=_("Your email"),
        max_length=MAX_ADDRESS_LENGTH,
        help_text=_("We write to you about this request only, and never show it to anyone."),
    )
    audience = PlainLineField(
        label=_("Who is the audience?"),
        max_length=300,
        help_text=_("For example: parents at a school, a veterans' peer-support group."),
    )
    audience_size = forms.IntegerField(
        label=_("How many people do you expect?"), min_value=1, max_value=MAX_AUDIENCE
    )
    format = forms.ChoiceField(
        label=_("In person or online"),
        choices=TalkRequest.Format,
        widget=forms.RadioSelect,
        initial=TalkRequest.Format.IN_PERSON,
    )
    address = forms.CharField(
        label=_("Address (for a talk in person)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics of interest"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics_other = PlainLineField(
        label=_("Other topics (optional)"), required=False, max_length=300
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        required=False,
        max_length=1000,
        help_text=_("For example captions, an interpreter, or step-free access."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = PlainLineField(label=_("Language of the talk"), required=False, max_length=100)
    message = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    shown = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, PREFERRED_DATES + 1):
            self.fields[f"date_{number}"] = forms.DateField(
                label=_("Preferred date %(number)d") % {"number": number},
                required=number == 1,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"time_{number}"] = forms.TimeField(
                label=_("Time (optional)"),
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
        self.order_fields(
            [
                "organisation",
                "contact_name",
                "contact_email",
                "audience",
                "audience_size",
                *[
                    f"{kind}_{n}"
                    for n in range(1, PREFERRED_DATES + 1)
                    for kind in ("date", "time")
                ],
            ]
        )

    def date_pairs(self):
        """(date field, time field) for each preferred date, for the template."""
        return [(self[f"date_{n}"], self[f"time_{n}"]) for n in range(1, PREFERRED_DATES + 1)]

    def visible_fields_but_dates(self):
        named = {f"{kind}_{n}" for n in range(1, PREFERRED_DATES + 1) for kind in ("date", "time")}
        return [field for field in self if field.name not in named | {"website", "shown"}]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == TalkRequest.Format.IN_PERSON and not cleaned.get("address"):
            self.add_error("address", _("Give the address for a talk in person."))
        for number in range(1, PREFERRED_DATES + 1):
            date_name = f"date_{number}"
            if (
                cleaned.get(f"time_{number}")
                and date_name not in self.errors
                and not cleaned.get(date_name)
            ):
                self.add_error(date_name, _("Give the date for this time."))
        return cleaned

    def preferred_dates(self) -> list[tuple[date, time | None]]:
        data = self.cleaned_data
        return [
            (data[f"date_{n}"], data.get(f"time_{n}"))
            for n in range(1, PREFERRED_DATES + 1)
            if data.get(f"date_{n}")
        ]

    def request_fields(self) -> dict:
        """The cleaned values as keyword arguments for talk_request_create."""
        names = (
            "organisation",
            "contact_name",
            "contact_email",
            "audience",
            "audience_size",
            "format",
            "address",
            "topics_other",
            "accessibility_needs",
            "language",
            "message",
        )
        fields = {name: self.cleaned_data[name] for name in names}
        if fields["format"] == TalkRequest.Format.ONLINE:
            fields["address"] = ""
        return fields


def coordinators():
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=settings.COORDINATORS_GROUP))
        .distinct()
        .order_by("email")
    )


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class TriageForm(forms.Form):
    """The state (only the moves the request can make), the assignee and the note."""

    state = forms.ChoiceField(label=_("State"))
    assignee = CoordinatorChoiceField(
        label=_("Assignee"), queryset=coordinators(), required=False, empty_label=_("Nobody")
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=5000,
        help_text=_("Seen by coordinators only, never by the requester."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, talk_request: TalkRequest, **kwargs):
        super().__init__(*args, **kwargs)
        states = [talk_request.state, *TRIAGE_MOVES.get(talk_request.state, ())]
        self.fields["state"].choices = [
            (value, label) for value, label in TalkRequest.State.choices if value in states
        ]
        self.fields["assignee"].queryset = coordinators()

    @staticmethod
    def initial_for(talk_request: TalkRequest) -> dict:
        return {
            "state": talk_request.state,
            "assignee": talk_request.assignee_id,
            "internal_note": talk_request.internal_note,
        }


class DeclineForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the requester"),
        max_length=5000,
        help_text=_("Sent by email and shown on their request's status page."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


def shown_now(now: datetime) -> dict:
    """The initial values of a fresh request form: the signed moment it is shown."""
    return {"shown": form_shown_stamp(now=now)}

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms import MAX_EMAIL_LENGTH
from events.models import Topic
from notifications.selectors import email_settings_current
from outreach.models import Subscriber
from outreach.services.announcements import SubscriptionChoices


class ChoicesForm(forms.Form):
    """What to hear about and how often: the same on the sign-up page and a subscriber's own."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to hear about talks on every topic."),
    )
    scope = forms.ChoiceField(
        label=_("Which talks"),
        choices=Subscriber.Scope,
        initial=Subscriber.Scope.BOTH,
        widget=forms.RadioSelect,
        help_text=_(
            "In person: talks held at one of our venues, where you go to hear them. "
            "Online: talks you join from anywhere with a link. A talk that is both counts "
            "as either."
        ),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.Frequency,
        initial=Subscriber.Frequency.EACH,
        widget=forms.RadioSelect,
    )
    digest_weekday = forms.TypedChoiceField(
        label=_("Day of the weekly digest"),
        choices=Subscriber.Weekday,
        coerce=int,
        initial=Subscriber.Weekday.MONDAY,
        help_text=_("Only for the weekly digest: it lists the new talks of the past week."),
    )

    def choices(self) -> SubscriptionChoices:
        data = self.cleaned_data
        return SubscriptionChoices(
            topics=tuple(data["topics"]),
            scope=data["scope"],
            frequency=data["frequency"],
            digest_weekday=data["digest_weekday"],
        )

    @classmethod
    def initial_of(cls, subscriber: Subscriber) -> dict:
        return {
            "topics": [] if subscriber.all_topics else list(subscriber.topics.all()),
            "scope": subscriber.scope,
            "frequency": subscriber.frequency,
            "digest_weekday": subscriber.digest_weekday,
        }


class SubscribeForm(ChoicesForm):
    """A guest's sign-up: the address to confirm, and whether emails should be discreet."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=MAX_EMAIL_LENGTH,
        help_text=_("We send a link to confirm: nothing else comes until you open it."),
    )
    discreet_emails = forms.BooleanField(
        label=_("Discreet emails"),
        required=False,
        help_text=_(
            "A neutral subject and sender, with no talk title or topic in the email: "
            "for an inbox or lock screen others may see."
        ),
    )

    field_order = ["email", "topics", "scope", "frequency", "digest_weekday", "discreet_emails"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discreet_emails"].initial = email_settings_current().discreet_by_default

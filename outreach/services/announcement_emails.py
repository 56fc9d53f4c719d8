"""The announcement emails: what each says, built from values read once per talk and
language, never per recipient (templates/emails/announcement*_*).

Keys: `announcement:<talk>:<subscriber>` for a new talk and
`announcement-digest:<subscriber>:<ISO year>-W<week>` for a digest, so a second publish,
a retried task or a second beat run queues nothing twice.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from events.email_facts import talk_context
from events.models import Talk
from notifications.models import Category
from notifications.outbox import QueuedEmail
from notifications.site import absolute

TALK_FACTS = ("title", "summary", "topics", "when", "date_short", "where", "is_online", "talk_url")


@dataclass(frozen=True)
class Recipient:
    """What a message to one subscriber needs: read with the match, in the same query."""

    subscriber_id: int
    email: str
    token: str
    language: str

    @property
    def choices_url(self) -> str:
        return absolute(reverse("subscription_preferences", kwargs={"token": self.token}))


class TalkTexts:
    """A talk's facts as text, made once per language however many people get them."""

    def __init__(self, talk: Talk):
        self.talk, self.texts = talk, {}

    def __call__(self, language: str) -> dict:
        language = language or settings.LANGUAGE_CODE
        if language not in self.texts:
            with translation.override(language):
                facts = talk_context(self.talk)
            self.texts[language] = {key: facts[key] for key in TALK_FACTS}
        return self.texts[language]


def _common(recipient: Recipient) -> dict:
    return {"choices_url": recipient.choices_url, "home_url": absolute(reverse("home"))}


def announcement_message(recipient: Recipient, talk: Talk, texts: TalkTexts) -> QueuedEmail:
    return QueuedEmail(
        to=recipient.email,
        kind="announcement",
        context={**texts(recipient.language), **_common(recipient)},
        subject_name=talk.title,
        language=recipient.language,
        category=Category.ANNOUNCEMENT,
        key=f"announcement:{talk.pk}:{recipient.subscriber_id}",
    )


def digest_key(subscriber_id: int, now: datetime) -> str:
    year, week, _day = now.isocalendar()
    return f"announcement-digest:{subscriber_id}:{year}-W{week:02d}"


def digest_message(
    recipient: Recipient, talks: list[Talk], texts: dict[int, TalkTexts], now: datetime
) -> QueuedEmail:
    return QueuedEmail(
        to=recipient.email,
        kind="announcement_digest",
        context={
            "talks": [texts[talk.pk](recipient.language) for talk in talks],
            **_common(recipient),
        },
        language=recipient.language,
        category=Category.ANNOUNCEMENT,
        key=digest_key(recipient.subscriber_id, now),
        due_at=now,
    )


def confirm_request_message(
    recipient: Recipient, *, confirm_url: str, discreet: bool, now: datetime
) -> QueuedEmail:
    """The link that confirms a subscription; discreet if the person asked."""
    hours = int(settings.EVENTS_CONFIRM_WITHIN.total_seconds() // 3600)
    return QueuedEmail(
        to=recipient.email,
        kind="announcement_confirm_request",
        context={"confirm_url": confirm_url, "confirm_within_hours": hours},
        language=recipient.language,
        discreet=discreet,
        key=f"announcement-confirm:{recipient.subscriber_id}:{now.timestamp()}",
        due_at=now,
    )


def already_subscribed_message(
    recipient: Recipient, *, discreet: bool, now: datetime
) -> QueuedEmail:
    """Someone asked again for an address already subscribed: its owner gets the link to
    their choices (once a day at most), and the page that asked learns nothing."""
    return QueuedEmail(
        to=recipient.email,
        kind="announcement_already",
        context=_common(recipient),
        language=recipient.language,
        discreet=discreet,
        key=f"announcement-already:{recipient.subscriber_id}:{now:%Y%m%d}",
        due_at=now,
    )

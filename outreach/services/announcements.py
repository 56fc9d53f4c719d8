"""Announcements: asking for them, confirming, choosing, stopping; and queuing them when
a talk is published, or weekly as a digest.

The wish lives here (`Subscriber`); the consent and its history, the switch that stops
announcements (one-click unsubscribe included) and the sending are the address's email
preferences and the outbox in `notifications`. Announcements and RSVP reminders are
separate choices there: nothing here ever touches reminders.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time

from celery import current_app
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from events.models import Talk, Topic
from events.ratelimits import Limit
from notifications.addresses import normalise_email
from notifications.models import ConsentRecord
from notifications.outbox import emails_cancel_pending, emails_queue
from notifications.preferences import preference_unsubscribe, preference_update
from notifications.selectors import preference_stored
from notifications.site import absolute
from outreach.models import Announcement, Subscriber
from outreach.services.announcement_emails import (
    Recipient,
    TalkTexts,
    already_subscribed_message,
    announcement_message,
    confirm_request_message,
    digest_message,
)

QUEUE_TASK = "outreach.queue_announcements"
CONFIRM_SALT = "outreach.subscriber.confirm"
RECIPIENT_FIELDS = ("pk", "preference__email", "preference__token", "language")


@dataclass(frozen=True)
class SubscriptionChoices:
    """What a person chooses: topics (none: every topic), place, how often, which day."""

    topics: tuple[Topic, ...] = ()
    scope: str = Subscriber.Scope.BOTH
    frequency: str = Subscriber.Frequency.EACH
    digest_weekday: int = Subscriber.Weekday.MONDAY


def subscribe_limits() -> tuple[Limit, Limit]:
    """(per client address, per email address), from the settings."""
    return (
        Limit("subscribe-ip", settings.OUTREACH_SUBSCRIBE_PER_IP_PER_HOUR, 3600),
        Limit("subscribe-address", settings.OUTREACH_SUBSCRIBE_PER_ADDRESS_PER_DAY, 86400),
    )


def subscriber_confirm_token(*, subscriber: Subscriber, discreet: bool) -> str:
    payload = {"subscriber": subscriber.pk, "discreet": discreet}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def subscriber_from_confirm_token(token: str) -> tuple[Subscriber, bool] | None:
    """(the subscriber, whether they asked for discreet emails), or None for a link that
    is forged or older than EVENTS_CONFIRM_WITHIN."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.EVENTS_CONFIRM_WITHIN)
        subscriber_id, discreet = payload["subscriber"], bool(payload["discreet"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
    subscriber = Subscriber.objects.select_related("preference").filter(pk=subscriber_id).first()
    return (subscriber, discreet) if subscriber else None


def _with_choices():
    return Subscriber.objects.select_related("preference").prefetch_related("topics")


def subscriber_of_token(token: str) -> Subscriber | None:
    """The subscriber whose preferences carry `token` (the secret in their links)."""
    return _with_choices().filter(preference__token=token).first()


def subscriber_of_email(email: str) -> Subscriber | None:
    return _with_choices().filter(preference__email=normalise_email(email)).first()


def subscriber_is_receiving(subscriber: Subscriber) -> bool:
    return subscriber.confirmed_at is not None and subscriber.preference.announcements


def _recipient(subscriber: Subscriber) -> Recipient:
    preference = subscriber.preference
    return Recipient(subscriber.pk, preference.email, preference.token, subscriber.language)


def _choose(subscriber: Subscriber, choices: SubscriptionChoices) -> None:
    subscriber.all_topics = not choices.topics
    subscriber.scope, subscriber.frequency = choices.scope, choices.frequency
    subscriber.digest_weekday = choices.digest_weekday
    subscriber.save()
    subscriber.topics.set(choices.topics)


def _locked_subscriber(email: str, language: str) -> Subscriber:
    """The address's subscriber, made if it has none, locked until the transaction ends:
    two asks for the same address at once make one subscriber."""
    preference = preference_stored(email)
    Subscriber.objects.bulk_create(
        [Subscriber(preference=preference, language=language)], ignore_conflicts=True
    )
    return (
        Subscriber.objects.select_for_update()
        .select_related("preference")
        .get(preference=preference)
    )


def subscriber_request(
    *,
    email: str,
    choices: SubscriptionChoices,
    language: str,
    discreet: bool,
    now: datetime | None = None,
) -> None:
    """Someone asks for announcements at `email`: the address is sent a link to confirm
    (nothing is announced before), or, if it already receives them, a link to its choices
    (which are left as they were). The caller answers the same in every case."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = _locked_subscriber(email, language)
        if subscriber_is_receiving(subscriber):
            message = already_subscribed_message(_recipient(subscriber), discreet=discreet, now=now)
        else:
            subscriber.language = language
            _choose(subscriber, choices)
            token = subscriber_confirm_token(subscriber=subscriber, discreet=discreet)
            confirm_url = absolute(reverse("subscription_confirm", kwargs={"token": token}))
            message = confirm_request_message(
                _recipient(subscriber), confirm_url=confirm_url, discreet=discreet, now=now
            )
        emails_queue(messages=[message], now=now)


def _consent_given(subscriber: Subscriber, how: str, now: datetime, **also) -> None:
    """Announcements on for the address, recorded as consent given now."""
    preference_update(
        email=subscriber.preference.email,
        how=how,
        now=now,
        affirmed=frozenset({"announcements"}),
        announcements=True,
        **also,
    )
    subscriber.confirmed_at = now
    subscriber.save(update_fields=["confirmed_at"])


@transaction.atomic
def subscriber_confirm(
    *, subscriber: Subscriber, discreet: bool, now: datetime | None = None
) -> bool:
    """The person confirmed from the emailed link (a POST: mail scanners only GET).
    False if they already receive announcements: nothing changes."""
    subscriber.preference.refresh_from_db()
    if subscriber_is_receiving(subscriber):
        return False
    also = {"discreet": True} if discreet else {}
    _consent_given(
        subscriber, ConsentRecord.How.SUBSCRIPTION_CONFIRMED, now or timezone.now(), **also
    )
    return True


@transaction.atomic
def subscriber_member_switch(
    *,
    email: str,
    on: bool,
    choices: SubscriptionChoices,
    language: str,
    now: datetime | None = None,
) -> Subscriber:
    """A member, logged in, turns announcements on (with `choices`) or off for their
    verified address: their session proves the address, so nothing waits for a link."""
    now = now or timezone.now()
    subscriber = _locked_subscriber(email, language)
    if not on:
        preference_update(email=email, how=ConsentRecord.How.ACCOUNT, now=now, announcements=False)
        return subscriber
    subscriber.language = language
    _choose(subscriber, choices)
    if not subscriber_is_receiving(subscriber):
        _consent_given(subscriber, ConsentRecord.How.ACCOUNT, now)
    return subscriber


@transaction.atomic
def subscriber_update(*, subscriber: Subscriber, choices: SubscriptionChoices) -> Subscriber:
    """New choices from the subscriber's own page; whether they receive any is unchanged."""
    _choose(subscriber, choices)
    return subscriber


@transaction.atomic
def subscriber_resume(*, subscriber: Subscriber, now: datetime | None = None) -> None:
    """Announcements on again, from the subscriber's own page (its link came by email)."""
    _consent_given(subscriber, ConsentRecord.How.PREFERENCES_PAGE, now or timezone.now())


def subscriber_unsubscribe(*, subscriber: Subscriber, now: datetime | None = None) -> None:
    """The same unsubscribe as the one-click link: announcements off, nothing else."""
    preference_unsubscribe(email=subscriber.preference.email, now=now)


def _recipients(subscribers, limit: int | None = None) -> list[Recipient]:
    rows = subscribers.order_by("pk").values_list(*RECIPIENT_FIELDS)
    return [Recipient(*row) for row in (rows if limit is None else rows[:limit])]


def _topic_ids(talk: Talk) -> list[int]:
    return [topic.pk for topic in talk.topics.all()]


def announcements_queue(*, talk: Talk, limit: int | None = None) -> int | None:
    """Queue the talk's announcement to every subscriber it matches who wants one email per
    talk: one query finds them, inserts of 1,000 queue them. With `limit`, more matches
    than that queue nothing and return None (the caller hands the work to a task)."""
    prefetch_related_objects([talk], "topics")
    wanting = Subscriber.objects.receiving().wanting(talk, _topic_ids(talk))
    wanting = wanting.filter(frequency=Subscriber.Frequency.EACH)
    recipients = _recipients(wanting, None if limit is None else limit + 1)
    if limit is not None and len(recipients) > limit:
        return None
    texts = TalkTexts(talk)
    return emails_queue(
        messages=[announcement_message(recipient, talk, texts) for recipient in recipients]
    )


def announcement_publish(*, talk: Talk, now: datetime | None = None) -> None:
    """A talk was published (events.hooks.talk_published, inside the publishing
    transaction): record when, and queue its announcements in the same transaction, or,
    for more subscribers than OUTREACH_ANNOUNCE_INLINE_MAX, in a task after commit."""
    now = now or timezone.now()
    Announcement.objects.bulk_create(
        [Announcement(talk=talk, published_at=now)], ignore_conflicts=True
    )
    queued = announcements_queue(talk=talk, limit=settings.OUTREACH_ANNOUNCE_INLINE_MAX)
    if queued is None:
        transaction.on_commit(lambda: current_app.send_task(QUEUE_TASK, args=[talk.pk]))


def announcements_withdraw(*, talk: Talk) -> int:
    """A talk was cancelled (events.hooks.talk_cancelled): its announcements that have not
    left yet are not sent. Returns how many were withdrawn."""
    return emails_cancel_pending(key_prefix=f"announcement:{talk.pk}:")


def announcements_queue_for(*, talk_id: int) -> int:
    """The task's door: every announcement of a published talk, however many."""
    talk = Talk.objects.published().select_related("venue").filter(pk=talk_id).first()
    return 0 if talk is None else announcements_queue(talk=talk)


def _today_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return datetime.combine(local.date(), time.min, tzinfo=local.tzinfo)


def digests_queue(*, now: datetime) -> int:
    """The weekly digests due today (the site's time zone): each subscriber whose day it
    is gets one email listing the talks announced since their last digest (or since they
    confirmed) that match their choices, or nothing if none does. Returns emails queued.

    One query per talk announced in the window finds who wants it, whatever the number of
    subscribers; a second run on the same day finds no one due."""
    today = _today_start(now)
    due = (
        Subscriber.objects.receiving()
        .filter(frequency=Subscriber.Frequency.WEEKLY, digest_weekday=today.weekday())
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=today))
        .annotate(since=Coalesce("last_digest_at", "confirmed_at"))
    )
    with transaction.atomic():
        due_ids = list(due.select_for_update(of=("self",)).values_list("pk", flat=True))
        if not due_ids:
            return 0
        talks_for = _digest_talks(due.filter(pk__in=due_ids), now)
        recipients = {
            recipient.subscriber_id: recipient
            for recipient in _recipients(Subscriber.objects.filter(pk__in=talks_for))
        }
        texts = {talk.pk: TalkTexts(talk) for talks in talks_for.values() for talk in talks}
        messages = [
            digest_message(recipients[subscriber_id], talks, texts, now)
            for subscriber_id, talks in talks_for.items()
        ]
        emails_queue(messages=messages, now=now)
        Subscriber.objects.filter(pk__in=due_ids).update(last_digest_at=now)
    return len(messages)


def _digest_talks(due, now: datetime) -> dict[int, list[Talk]]:
    """Each due subscriber's new talks (id: talks, soonest first), for those with any."""
    window = due.order_by("since").values_list("since", flat=True).first()
    announced = (
        Announcement.objects.filter(
            published_at__gte=window, talk__status=Talk.Status.PUBLISHED, talk__start__gt=now
        )
        .select_related("talk__venue")
        .prefetch_related("talk__topics")
        .order_by("talk__start", "talk__pk")
    )
    talks_for = defaultdict(list)
    for announcement in announced:
        talk = announcement.talk
        wanting = due.wanting(talk, _topic_ids(talk)).filter(since__lte=announcement.published_at)
        for subscriber_id in wanting.values_list("pk", flat=True):
            talks_for[subscriber_id].append(talk)
    return talks_for

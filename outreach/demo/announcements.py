"""Demo announcement subscribers (idempotent: an address that already subscribes is
left alone)."""

from django.db import transaction
from django.utils import timezone

from events.models import Topic
from notifications.models import EmailPreference
from outreach.models import Subscriber


@transaction.atomic
def subscribers_seed(*, count: int = 20) -> int:
    """`count` confirmed subscribers at example.org: every third to one topic, every
    fourth online only, every fifth on a weekly digest. Returns how many were added."""
    emails = [f"subscriber{n}@example.org" for n in range(count)]
    EmailPreference.objects.bulk_create(
        [EmailPreference(email=email) for email in emails], ignore_conflicts=True
    )
    preferences = EmailPreference.objects.filter(email__in=emails).order_by("email")
    existing = set(
        Subscriber.objects.filter(preference__in=preferences).values_list(
            "preference_id", flat=True
        )
    )
    topics = list(Topic.objects.order_by("pk")[:3])
    added = 0
    for n, preference in enumerate(preferences):
        if preference.pk in existing:
            continue
        subscriber = Subscriber.objects.create(
            preference=preference,
            confirmed_at=timezone.now(),
            scope=Subscriber.Scope.ONLINE if n % 4 == 3 else Subscriber.Scope.BOTH,
            frequency=Subscriber.Frequency.WEEKLY if n % 5 == 4 else Subscriber.Frequency.EACH,
            digest_weekday=n % 7,
            all_topics=not (topics and n % 3 == 2),
        )
        if not subscriber.all_topics:
            subscriber.topics.set([topics[n % len(topics)]])
        added += 1
    return added

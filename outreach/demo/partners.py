"""Demo data for outreach, on top of events' `seed_demo`. Every function is idempotent:
it adds what is missing and leaves what exists, so running it twice adds nothing."""

from django.db import transaction
from django.utils import timezone

from events.models import Talk, Topic
from events.services.schedule import schedule_version_bump
from notifications.models import EmailPreference
from outreach.models import CoHosting, Partner, Subscriber

# (name, slug, website, description); the contacts are made up, as demo data must be.
PARTNERS = [
    (
        "Central Library",
        "central-library",
        "https://library.example.org/",
        "The city's public library hosts our monthly talks in its community room.",
    ),
    (
        "Veterans Peer Support Network",
        "veterans-peer-support",
        "https://veterans.example.org/",
        "Peer-led support groups for veterans and their families.",
    ),
    (
        "Families Together",
        "families-together",
        "https://families.example.org/",
        "A charity for families and carers of people living with depression.",
    ),
]


@transaction.atomic
def partners_seed(*, cohosted_talks: int = 6) -> list[Partner]:
    """The demo partners, each co-hosting some of the first published demo talks (one
    or two co-hosts each, in turn)."""
    partners = [
        Partner.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "website": website,
                "description": description,
                "contact_name": "Demo Contact",
                "contact_email": f"contact@{slug}.example.org",
            },
        )[0]
        for name, slug, website, description in PARTNERS
    ]
    talks = Talk.objects.listed().filter(slug__startswith="demo-talk-").order_by("start")
    wanted = [
        CoHosting(talk=talk, partner=partners[(n + shift) % len(partners)])
        for n, talk in enumerate(talks[:cohosted_talks])
        for shift in range(1 + n % 2)
    ]
    CoHosting.objects.bulk_create(wanted, ignore_conflicts=True)
    schedule_version_bump()
    return partners


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

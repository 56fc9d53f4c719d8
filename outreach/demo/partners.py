"""Demo partners co-hosting demo talks (idempotent: a partner whose slug is there is
left alone, a co-hosting there already is not made twice)."""

from django.db import transaction

from events.models import Talk
from events.services.schedule import schedule_version_bump
from outreach.models import CoHosting, Partner

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

"""Demo talk requests for `make run` (the `seed_outreach_demo` command, run after
`seed_demo`: events' command cannot call up into outreach). Idempotent: a request whose
organisation is already there is left alone."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from events.demo import DEMO_COORDINATOR
from events.models import Topic
from outreach.models import TalkRequest
from outreach.services.requests import (
    talk_request_create,
    talk_request_decline,
    talk_request_triage,
)

REQUESTS = [
    {
        "organisation": "Eastside Public Library",
        "contact_name": "Priya Natarajan",
        "contact_email": "programmes@eastside-library.example.org",
        "audience": "Adults at the library's monthly health evening",
        "audience_size": 40,
        "format": TalkRequest.Format.IN_PERSON,
        "address": "410 E Colfax Ave\nDenver, CO 80203",
        "accessibility_needs": "Hearing loop in the room; a few wheelchair users.",
        "language": "English",
        "message": "We would love a talk in the autumn, with time for questions.",
        "topic_slugs": ["ketamine-assisted-therapy", "research-and-evidence"],
    },
    {
        "organisation": "Front Range Veterans Peer Circle",
        "contact_name": "Marcus Bell",
        "contact_email": "marcus.bell@frvpc.example.org",
        "audience": "Veterans and their partners",
        "audience_size": 15,
        "format": TalkRequest.Format.ONLINE,
        "language": "English",
        "message": "Several members asked about PTSD treatment options.",
        "topic_slugs": ["ptsd"],
        "in_discussion": True,
    },
    {
        "organisation": "Comunidad Latina de Aurora",
        "contact_name": "Lucía Herrera",
        "contact_email": "lucia@comunidad-aurora.example.org",
        "audience": "Families and carers",
        "audience_size": 25,
        "format": TalkRequest.Format.IN_PERSON,
        "address": "15200 E 6th Ave\nAurora, CO 80011",
        "language": "Spanish",
        "topic_slugs": ["families-and-carers"],
        "topics_other": "Cost and insurance",
    },
    {
        "organisation": "Northfield High School PTA",
        "contact_name": "Dana Kim",
        "contact_email": "pta@northfield.example.org",
        "audience": "Parents of teenagers",
        "audience_size": 120,
        "format": TalkRequest.Format.IN_PERSON,
        "address": "5500 Central Park Blvd\nDenver, CO 80238",
        "topic_slugs": ["treatment-resistant-depression"],
        "declined": (
            "Thank you for asking. Our talks are for adults considering treatment; for a "
            "school audience we suggest the county's youth mental-health programme."
        ),
    },
]


def talk_requests_seed() -> int:
    """Add the demo requests that are missing; returns how many were added."""
    coordinator = get_user_model().objects.filter(email=DEMO_COORDINATOR.email).first()
    existing = set(TalkRequest.objects.values_list("organisation", flat=True))
    today = timezone.localdate()
    added = 0
    for number, wanted in enumerate(REQUESTS):
        if wanted["organisation"] in existing:
            continue
        with transaction.atomic():
            _seed_one(dict(wanted), coordinator, today + timedelta(weeks=4 + 2 * number))
        added += 1
    return added


def _seed_one(fields: dict, coordinator, first_day) -> None:
    topics = Topic.objects.filter(slug__in=fields.pop("topic_slugs"))
    in_discussion = fields.pop("in_discussion", False)
    declined = fields.pop("declined", "")
    talk_request = talk_request_create(
        topics=topics,
        preferred_dates=[(first_day, None), (first_day + timedelta(days=7), None)],
        **fields,
    )
    if coordinator is None:
        return
    if in_discussion:
        talk_request_triage(
            talk_request=talk_request,
            by=coordinator,
            state=TalkRequest.State.IN_DISCUSSION,
            assignee=coordinator,
            internal_note="Called Marcus: an evening in the week suits them best.",
        )
    if declined:
        talk_request_decline(talk_request=talk_request, by=coordinator, message=declined)

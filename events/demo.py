"""Demo data for `make run` and the benchmarks. Every function is idempotent: it adds
what is missing and leaves what exists, so running it twice adds nothing."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from events.markdown import render_markdown
from events.models import Rsvp, Series, Speaker, Talk, Topic, Venue
from events.services.rsvps import talks_seats_recount
from events.services.schedule import schedule_version_bump

DEMO_PASSWORD = "talks-demo-password"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_MEMBER = DemoLogin("member", "member@example.org", DEMO_PASSWORD)
DEMO_COORDINATOR = DemoLogin("coordinator", "coordinator@example.org", DEMO_PASSWORD)

TOPICS = [
    ("Ketamine-assisted therapy", "ketamine-assisted-therapy"),
    ("Treatment-resistant depression", "treatment-resistant-depression"),
    ("PTSD", "ptsd"),
    ("For families and carers", "families-and-carers"),
    ("Research and evidence", "research-and-evidence"),
]
SPEAKERS = [
    ("Dr. Amara Okafor", "Psychiatrist leading the clinic's ketamine programme."),
    ("Dr. Lucas Brennan", "Anaesthesiologist; explains dosing and safety monitoring."),
    ("Maya Chen, LCSW", "Therapist who prepares patients and guides integration sessions."),
    ("Jordan Reyes", "Peer supporter who shares lived experience of treatment."),
]
VENUES = [
    ("Central Library, Room B", "10 W 14th Ave Pkwy\nDenver, CO 80204", "Step-free entrance."),
    ("Community Health Hall", "2400 Larimer St\nDenver, CO 80205", "Elevator to floor 2."),
]
TITLES = [
    "Ketamine-assisted therapy: what it is and who it helps",
    "Treatment-resistant depression: new options",
    "Living with PTSD: where ketamine fits",
    "Questions families ask about ketamine treatment",
    "What the research says, in plain language",
]
DAY_SLOTS = [time(18, 30), time(12, 0), time(10, 0), time(15, 0)]
DESCRIPTION = (
    "A free public talk with time for questions.\n\n"
    "* What happens in a session\n* Safety, side effects and cost\n* How to talk to your doctor"
)


def demo_user_ensure(*, login: DemoLogin, coordinator: bool = False):
    """Create the demo user with a verified email, or leave the existing one as it is."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=login.email, defaults={"email": login.email}
    )
    if created:
        user.set_password(login.password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=login.email, defaults={"verified": True, "primary": True}
    )
    if coordinator:
        user.groups.add(Group.objects.get(name=settings.COORDINATORS_GROUP))
    return user


def _ensure_catalogue():
    topics = [
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in TOPICS
    ]
    speakers = [
        Speaker.objects.get_or_create(name=name, defaults={"bio": bio})[0] for name, bio in SPEAKERS
    ]
    venues = [
        Venue.objects.get_or_create(
            name=name, defaults={"address": address, "accessibility_notes": notes}
        )[0]
        for name, address, notes in VENUES
    ]
    series, _ = Series.objects.get_or_create(
        slug="library-monthly", defaults={"title": "Monthly talks at the Central Library"}
    )
    return topics, speakers, venues, series


def _demo_talk(n: int, count: int, venues, series, today) -> Talk:
    """Talk number n of count: a tenth in the past, the rest spread over the next year."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local_day = today + timedelta(days=1 + (n - count // 10) * 365 // count)
    start = datetime.combine(local_day, DAY_SLOTS[n % len(DAY_SLOTS)], tzinfo=zone)
    kind = n % 4  # in person, in person, online, hybrid
    return Talk(
        title=TITLES[n % len(TITLES)],
        slug=f"demo-talk-{n}",
        summary="Clinicians and people with lived experience answer your questions.",
        description=DESCRIPTION,
        description_html=render_markdown(DESCRIPTION),
        venue=None if kind == 2 else venues[n % len(venues)],
        online_url="https://meet.example.org/demo-" + str(n) if kind >= 2 else "",
        time_zone=settings.TIME_ZONE,
        start=start,
        end=start + timedelta(minutes=90),
        capacity=[25, 40, None, 12][kind],
        max_companions=1 if kind == 0 else 0,
        series=series if kind == 0 else None,
        status=Talk.Status.PUBLISHED,
    )


def _ensure_talks(count: int, topics, speakers, venues, series) -> list[Talk]:
    today = timezone.localdate()
    wanted = {f"demo-talk-{n}": n for n in range(count)}
    existing = set(Talk.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    new = [
        _demo_talk(n, count, venues, series, today)
        for slug, n in wanted.items()
        if slug not in existing
    ]
    Talk.objects.bulk_create(new, batch_size=1000)
    created = list(Talk.objects.filter(slug__in=[t.slug for t in new]))
    Talk.topics.through.objects.bulk_create(
        [Talk.topics.through(talk=t, topic=topics[t.pk % len(topics)]) for t in created],
        batch_size=2000,
    )
    Talk.speakers.through.objects.bulk_create(
        [Talk.speakers.through(talk=t, speaker=speakers[t.pk % len(speakers)]) for t in created],
        batch_size=2000,
    )
    return list(Talk.objects.filter(slug__in=wanted))


def _ensure_rsvps(talks: list[Talk], per_talk: int) -> None:
    """Each talk's RSVPs; at a talk that is over, three in four seated people came (the
    impact dashboard's attendance)."""
    now = timezone.now()
    rsvps = []
    for talk in talks:
        for k in range(per_talk):
            seated = talk.capacity is None or k < talk.capacity
            came = seated and talk.end <= now and k % 4 != 3
            rsvps.append(
                Rsvp(
                    talk=talk,
                    email=f"demo-attendee-{k}@example.org",
                    name=f"Guest {k}",
                    status=Rsvp.Status.CONFIRMED if seated else Rsvp.Status.WAITLISTED,
                    confirmed_at=now if seated else None,
                    waitlisted_at=None if seated else now + timedelta(microseconds=k),
                    checked_in_at=talk.start if came else None,
                )
            )
    Rsvp.objects.bulk_create(rsvps, batch_size=2000, ignore_conflicts=True)


@transaction.atomic
def demo_seed(*, talks: int = 12, rsvps_per_talk: int = 3) -> list[DemoLogin]:
    member = demo_user_ensure(login=DEMO_MEMBER)
    demo_user_ensure(login=DEMO_COORDINATOR, coordinator=True)
    demo_talks = _ensure_talks(talks, *_ensure_catalogue())
    _ensure_rsvps(demo_talks, rsvps_per_talk)
    upcoming = [t for t in demo_talks if t.start > timezone.now()][:2]
    Rsvp.objects.bulk_create(
        [
            Rsvp(
                talk=t,
                user=member,
                email=member.email,
                name="Member",
                status=Rsvp.Status.CONFIRMED,
                confirmed_at=timezone.now(),
            )
            for t in upcoming
        ],
        ignore_conflicts=True,
    )
    # Rows made in bulk, past the services: their counters and the version follow here.
    talks_seats_recount(Talk.objects.filter(pk__in=[talk.pk for talk in demo_talks]))
    schedule_version_bump()
    return [DEMO_MEMBER, DEMO_COORDINATOR]

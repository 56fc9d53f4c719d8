"""The RSVP mix's people and requests, made directly in the database before the run.

Each member gets a user, a Django session that logs them in (what a login would store)
and a CSRF secret. Django accepts the 32-character secret itself as the form token when
the `csrftoken` cookie holds the same secret, so every request line can be written out
beforehand: path, Cookie header, form body. wrk then rotates over the lines.

Cancellations need RSVPs that exist before the run (the cancel URL names the RSVP's
id); those are made through `services.rsvp_create`, the service every RSVP takes, so
whatever the service keeps beside an RSVP (counters, emails) is kept for these too.
Needs Django set up in this process (bench/run.py does it).
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from urllib.parse import urlencode

TALK_CAPACITIES = (12, 25)  # the demo's smallest rooms: full soon, so people join waitlists
NAME = "Bench member"


@dataclass(frozen=True)
class Member:
    user: object
    session_key: str
    csrf_secret: str

    @property
    def cookie(self) -> str:
        from django.conf import settings

        return (
            f"{settings.SESSION_COOKIE_NAME}={self.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf_secret}"
        )


def members_create(count: int, prefix: str = "bench-member") -> list[Member]:
    """`count` members, each logged in by a session of their own."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    user_model = get_user_model()
    unusable = make_password(None)  # nobody logs in with a password; the session is made
    emails = [f"{prefix}-{n}@example.org" for n in range(count)]
    user_model.objects.bulk_create(
        [user_model(username=email, email=email, password=unusable) for email in emails]
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    members = []
    for user in user_model.objects.filter(username__in=emails).order_by("pk"):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
        members.append(Member(user=user, session_key=session.session_key, csrf_secret=secret))
    return members


def talks_for_rsvps(count: int) -> list:
    """Upcoming talks with small rooms, starting no sooner than two days from now (so
    none closes during the run), spread over the year."""
    from django.utils import timezone

    from events.models import Talk

    soonest = timezone.now() + timedelta(days=2)
    talks = list(
        Talk.objects.published()
        .filter(capacity__in=TALK_CAPACITIES, start__gte=soonest)
        .order_by("start", "pk")
    )
    every = max(1, len(talks) // max(count, 1))
    return talks[::every][:count]


def rsvp_create_for(member: Member, talk):
    """RSVP as the talk page's form does for a member (the same service call)."""
    from events import services
    from events.models import Talk

    page_talk = Talk.objects.listed().for_listing().prefetch_related("speakers").get(pk=talk.pk)
    return services.rsvp_create(
        talk=page_talk, email=member.user.email, name=NAME, user=member.user
    ).rsvp


def new_rsvp_line(member: Member, talk) -> str:
    body = urlencode({"csrfmiddlewaretoken": member.csrf_secret, "name": NAME, "companions": 0})
    return f"/talks/{talk.slug}/rsvp/\t{member.cookie}\t{body}"


def cancel_line(member: Member, rsvp) -> str:
    body = urlencode({"csrfmiddlewaretoken": member.csrf_secret})
    return f"/me/rsvps/{rsvp.pk}/cancel/\t{member.cookie}\t{body}"


def rsvp_mix_lines(members: list[Member], talks: list, *, new: int, cancels: int) -> list[str]:
    """`new` RSVP lines and `cancels` cancellation lines (of RSVPs made here and now),
    shuffled, each for a different (member, talk) pair. On a full talk a new RSVP joins
    the waitlist; a cancelled seat goes to the next in line."""
    shuffler = random.Random(10)  # the same mix every run
    pairs = [(m, t) for m in range(len(members)) for t in range(len(talks))]
    chosen = shuffler.sample(pairs, new + cancels)
    lines = [new_rsvp_line(members[m], talks[t]) for m, t in chosen[:new]]
    for m, t in chosen[new:]:
        lines.append(cancel_line(members[m], rsvp_create_for(members[m], talks[t])))
    shuffler.shuffle(lines)
    return lines


def rsvp_statuses(members: list[Member]) -> dict:
    """How many of the members' RSVPs are in each state."""
    from django.db.models import Count

    from events.models import Rsvp

    rows = (
        Rsvp.objects.filter(user__in=[m.user for m in members])
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


def oversold_talks() -> int:
    """Talks whose confirmed seats (party sizes) exceed their capacity, counted from the
    RSVPs themselves rather than from anything the service keeps."""
    from django.db.models import F, Q, Sum
    from django.db.models.functions import Coalesce

    from events.models import Talk

    return (
        Talk.objects.filter(capacity__isnull=False)
        .annotate(
            bench_confirmed=Coalesce(
                Sum("rsvps__party_size", filter=Q(rsvps__status="confirmed")), 0
            )
        )
        .filter(bench_confirmed__gt=F("capacity"))
        .count()
    )

"""How long we know who came to a talk: ATTENDEE_RETENTION_DAYS after it ends, its RSVPs
lose everything that says who made them, and nothing left joins them to a person.

What stays is what the programme's impact needs: each RSVP's talk, status, party size
and whether it was checked in. What goes: the name, the address, the account link,
accessibility needs, how they heard of the talk, every moment that could be matched
against another record (each becomes the talk's start), the talk's outbox rows (which
hold a recipient next to the talk's group), and the personal calendar feed of an address
with no RSVP left. Walk-ins given a name at the door lose it the same day, and their
moment too; how many they were stays.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, DateTimeField, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from events.emails import talk_group
from events.models import CalendarFeed, Rsvp, Talk, WalkIn
from notifications.models import OutgoingEmail

ANONYMOUS_DOMAIN = "@deleted.invalid"
BATCH_SIZE = 500
MAX_BATCHES_PER_RUN = 200


def _talk_start_if_set(field: str):
    talk_start = Subquery(Talk.objects.filter(pk=OuterRef("talk_id")).values("start")[:1])
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(None)),
        default=talk_start,
        output_field=DateTimeField(),
    )


def rsvps_anonymise(*, rsvps) -> int:
    """Empty `rsvps` (a queryset) of all that is a person's, in one UPDATE; they still count.

    The one shape of an emptied RSVP: the address becomes `deleted-<pk>@deleted.invalid`
    (unique within its talk, never deliverable), the name, account, accessibility needs
    and how they heard become empty, and each moment recorded becomes the talk's start
    (a check-in stays a check-in). Status, party size and check-ins are kept.
    """
    return rsvps.update(
        email=Concat(Value("deleted-"), Cast("pk", CharField()), Value(ANONYMOUS_DOMAIN)),
        name="",
        user=None,
        accessibility_needs="",
        heard_about="",
        created_at=_talk_start_if_set("created_at"),
        confirmed_at=_talk_start_if_set("confirmed_at"),
        waitlisted_at=_talk_start_if_set("waitlisted_at"),
        cancelled_at=_talk_start_if_set("cancelled_at"),
        checked_in_at=_talk_start_if_set("checked_in_at"),
    )


def walk_ins_anonymise(*, walk_ins) -> int:
    """Empty named walk-ins among `walk_ins` (a queryset) of their name, in one UPDATE; the
    moment they came becomes the talk's start. A second run finds none left."""
    return walk_ins.exclude(name="").order_by().update(name="", at=_talk_start_if_set("at"))


def attendees_anonymise_past(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Anonymise the RSVPs of talks that ended more than ATTENDEE_RETENTION_DAYS ago, in
    batches of `batch_size`. Returns how many; a second run, or a second worker at the
    same time, finds nothing left to do."""
    now = now or timezone.now()
    ended_before = now - timedelta(days=settings.ATTENDEE_RETENTION_DAYS)
    walk_ins_anonymise(walk_ins=WalkIn.objects.filter(talk__end__lt=ended_before))
    done = 0
    for _batch in range(MAX_BATCHES_PER_RUN):
        anonymised = _anonymise_batch(ended_before=ended_before, size=batch_size)
        done += anonymised
        if anonymised < batch_size:
            break
    return done


def _anonymise_batch(*, ended_before: datetime, size: int) -> int:
    with transaction.atomic():
        batch = list(
            Rsvp.objects.filter(talk__end__lt=ended_before)
            .exclude(email__endswith=ANONYMOUS_DOMAIN)
            .order_by("pk")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "talk_id", "email")[:size]
        )
        if not batch:
            return 0
        pks, talk_ids, addresses = (set(column) for column in zip(*batch, strict=True))
        rsvps_anonymise(rsvps=Rsvp.objects.filter(pk__in=pks))
        groups = [talk_group(talk) for talk in Talk.objects.filter(pk__in=talk_ids).only("pk")]
        OutgoingEmail.objects.filter(group__in=groups).delete()
        still_used = Rsvp.objects.filter(email__in=addresses).values("email")
        CalendarFeed.objects.filter(email__in=addresses).exclude(email__in=still_used).delete()
    return len(batch)

"""Everything the service does to a talk request: take it, triage it, schedule it as a
talk, decline it, tell the requester its talk is published, and forget its contact.

A request moves new → in discussion → scheduled or declined, and nowhere else.
Scheduling and declining close it; both run under the request's row lock, so two
coordinators pressing "schedule" at once make one talk, and the second is told the
request is already closed. Every change is a TalkRequestChange row: who, when, what.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.hooks import DashboardLink
from events.models import Talk
from events.permissions import is_coordinator
from events.services.talks import talk_create
from notifications.models import OutgoingEmail
from outreach import request_emails
from outreach.models import PreferredDate, TalkRequest, TalkRequestChange

State = TalkRequest.State
Action = TalkRequestChange.Action
OPEN = (State.NEW, State.IN_DISCUSSION)
CLOSED = (State.SCHEDULED, State.DECLINED)
# The moves the triage form offers; scheduling and declining have their own pages.
TRIAGE_MOVES = {State.NEW: (State.IN_DISCUSSION,)}
# What a change row keeps of a long value (a note): enough to tell one from another.
SHOWN_LENGTH = 300


def _record(talk_request, by, action, now, *, old="", new="", public_message=""):
    TalkRequestChange.objects.create(
        request=talk_request,
        by=by,
        at=now,
        action=action,
        old_value=str(old)[:SHOWN_LENGTH],
        new_value=str(new)[:SHOWN_LENGTH],
        public_message=public_message,
    )


def _locked(talk_request: TalkRequest) -> TalkRequest:
    """The request's row as it is now, locked until the caller's transaction ends."""
    return TalkRequest.objects.select_for_update().get(pk=talk_request.pk)


def _refuse_unless_open(talk_request: TalkRequest) -> None:
    if not talk_request.is_open:
        raise ValidationError(
            _("This request is already %(state)s: it cannot change now.")
            % {"state": talk_request.get_state_display().lower()}
        )


@transaction.atomic
def talk_request_create(
    *,
    topics=(),
    preferred_dates: list[tuple[date, time | None]],
    email_language: str = "",
    now: datetime | None = None,
    **fields,
) -> TalkRequest:
    """Take a group's request and queue their acknowledgement with the status link."""
    now = now or timezone.now()
    talk_request = TalkRequest(created_at=now, email_language=email_language, **fields)
    talk_request.full_clean()
    talk_request.save()
    talk_request.topics.set(topics)
    PreferredDate.objects.bulk_create(
        [PreferredDate(request=talk_request, day=day, time=at) for day, at in preferred_dates]
    )
    _record(talk_request, None, Action.SUBMITTED, now, new=State.NEW)
    request_emails.send_talk_request_received(talk_request)
    return talk_request


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user else ""


@transaction.atomic
def talk_request_triage(
    *,
    talk_request: TalkRequest,
    by,
    state: str,
    assignee,
    internal_note: str,
    now: datetime | None = None,
) -> TalkRequest:
    """Move a request on (only as TRIAGE_MOVES allow), assign it, change its note."""
    now = now or timezone.now()
    locked = _locked(talk_request)
    changed = []
    if state != locked.state:
        if state not in TRIAGE_MOVES.get(locked.state, ()):
            raise ValidationError(
                {"state": _("A request cannot move from this state to that one.")}
            )
        _record(locked, by, Action.STATE, now, old=locked.state, new=state)
        locked.state = state
        changed.append("state")
    if assignee != locked.assignee:
        if assignee is not None and not is_coordinator(assignee):
            raise ValidationError({"assignee": _("Only a coordinator can be assigned.")})
        _record(
            locked, by, Action.ASSIGNEE, now, old=_person(locked.assignee), new=_person(assignee)
        )
        locked.assignee = assignee
        changed.append("assignee")
    if internal_note != locked.internal_note:
        _record(locked, by, Action.NOTE, now, old=locked.internal_note, new=internal_note)
        locked.internal_note = internal_note
        changed.append("internal_note")
    if changed:
        locked.save(update_fields=changed)
    return locked


@transaction.atomic
def talk_request_schedule(
    *, talk_request: TalkRequest, by, topics=(), speakers=(), now=None, **talk_fields
) -> Talk:
    """Make the request's talk (a draft, through events' talk_create) and close the
    request as scheduled, linked to it. The row lock makes a second, concurrent call
    wait, then find the request closed: one request, one talk."""
    now = now or timezone.now()
    locked = _locked(talk_request)
    _refuse_unless_open(locked)
    talk = talk_create(by=by, topics=topics, speakers=speakers, **talk_fields)
    _record(locked, by, Action.SCHEDULED, now, old=locked.state, new=talk.title)
    locked.state, locked.talk, locked.closed_at = State.SCHEDULED, talk, now
    locked.save(update_fields=["state", "talk", "closed_at"])
    return talk


@transaction.atomic
def talk_request_decline(
    *, talk_request: TalkRequest, by, message: str, now: datetime | None = None
) -> TalkRequest:
    """Close the request as declined and email the requester the coordinator's message."""
    now = now or timezone.now()
    locked = _locked(talk_request)
    _refuse_unless_open(locked)
    _record(
        locked,
        by,
        Action.DECLINED,
        now,
        old=locked.state,
        new=State.DECLINED,
        public_message=message,
    )
    locked.state, locked.closed_at = State.DECLINED, now
    locked.save(update_fields=["state", "closed_at"])
    if locked.contact_email:
        request_emails.send_talk_request_declined(locked, message=message)
    return locked


def talk_request_published(*, talk: Talk, now: datetime | None = None) -> None:
    """A talk was published (events.hooks.talk_published, inside its transaction): if it
    was made from a request, the requester is told, once (the email's key), with its link."""
    now = now or timezone.now()
    talk_request = TalkRequest.objects.filter(talk=talk).first()
    if talk_request is None:
        return
    if not talk_request.changes.filter(action=Action.PUBLISHED).exists():
        _record(talk_request, None, Action.PUBLISHED, now, new=talk.title)
    if talk_request.contact_email:
        request_emails.send_talk_request_published(talk_request, talk=talk)


def talk_requests_forget_contacts(*, now: datetime | None = None) -> int:
    """Blank the contact's name and address of requests closed more than
    TALK_REQUEST_RETENTION_DAYS ago, with the emails sent to them; the organisation,
    dates and outcome stay. Returns how many; a second run finds none left."""
    now = now or timezone.now()
    closed_before = now - timedelta(days=settings.TALK_REQUEST_RETENTION_DAYS)
    with transaction.atomic():
        due = list(
            TalkRequest.objects.filter(
                state__in=CLOSED, closed_at__lt=closed_before, contact_forgotten_at=None
            )
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        return talk_requests_contact_blank(pks=due, now=now)


def talk_requests_contact_blank(*, pks: list[int], now: datetime) -> int:
    """Blank the contact's name and address of these requests, with the emails sent to
    them; a change row says when. Retention's rule, and a person's own deletion's."""
    if not pks:
        return 0
    with transaction.atomic():
        TalkRequest.objects.filter(pk__in=pks).update(
            contact_name="", contact_email="", contact_forgotten_at=now
        )
        TalkRequestChange.objects.bulk_create(
            [
                TalkRequestChange(request_id=pk, at=now, action=Action.CONTACT_FORGOTTEN)
                for pk in pks
            ]
        )
        OutgoingEmail.objects.filter(
            group__in=[request_emails.talk_request_group(pk) for pk in pks]
        ).delete()
    return len(pks)


def talk_requests_dashboard_links() -> list[DashboardLink]:
    """The coordinator dashboard's link to the talk requests, warning of new ones that
    nobody has answered yet (a group waiting on us should not depend on someone opening
    the requests page)."""
    waiting = TalkRequest.objects.filter(state=State.NEW).count()
    warning = ""
    if waiting:
        warning = ngettext(
            "A new talk request is waiting for a reply.",
            "%(count)d new talk requests are waiting for a reply.",
            waiting,
        ) % {"count": waiting}
    url = reverse("coordinator_request_list")
    return [
        DashboardLink(
            label=_("Talk requests"),
            url=url,
            warning=warning,
            warning_url=f"{url}?state={State.NEW}",
        )
    ]

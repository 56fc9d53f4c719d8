"""What outreach holds about one address, for the person's own data page (events.hooks
`person_data_export`) and for forgetting it (`person_data_forget`).

A talk request keeps its contact's name and address; a subscriber, their choices. The
subscriber goes with the address's email preferences (a cascade) when notifications
forgets the address; a request's contact is blanked as retention blanks it, the
organisation and outcome staying for the coordinators.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from events.hooks import PersonDataSection
from outreach.models import Subscriber, TalkRequest
from outreach.services.requests import talk_requests_contact_blank


def _requests_of(email: str):
    return TalkRequest.objects.filter(contact_email__iexact=email).order_by("created_at", "pk")


def person_talk_requests(*, email: str) -> list[PersonDataSection]:
    requests = list(_requests_of(email))
    if not requests:
        return []
    data = [
        {
            "organisation": request.organisation,
            "contact_name": request.contact_name,
            "contact_email": request.contact_email,
            "audience": request.audience,
            "audience_size": request.audience_size,
            "format": request.format,
            "address": request.address,
            "accessibility_needs": request.accessibility_needs,
            "language": request.language,
            "topics_other": request.topics_other,
            "message": request.message,
            "state": request.state,
            "created_at": request.created_at.isoformat(),
        }
        for request in requests
    ]
    summary = [
        _("From %(organisation)s, sent on %(day)s: %(state)s.")
        % {
            "organisation": request.organisation,
            "day": request.created_at.date().isoformat(),
            "state": request.get_state_display(),
        }
        for request in requests
    ]
    return [PersonDataSection("talk_requests", _("Talk requests"), data, summary)]


def person_subscription(*, email: str) -> list[PersonDataSection]:
    subscriber = (
        Subscriber.objects.prefetch_related("topics").filter(preference__email=email).first()
    )
    if subscriber is None:
        return []
    topics = [topic.name for topic in subscriber.topics.all()]
    data = {
        "confirmed_at": subscriber.confirmed_at and subscriber.confirmed_at.isoformat(),
        "topics": "all" if subscriber.all_topics else topics,
        "scope": subscriber.scope,
        "frequency": subscriber.frequency,
        "digest_weekday": subscriber.digest_weekday,
        "language": subscriber.language,
    }
    line = (
        _("You asked for announcements of new talks.")
        if subscriber.confirmed_at
        else _("Someone asked for announcements at this address; it was never confirmed.")
    )
    return [PersonDataSection("announcements", _("Announcements"), data, [line])]


def person_outreach_forget(*, email: str, now: datetime) -> int:
    """Blank the contact of every talk request made with `email`; returns how many."""
    return talk_requests_contact_blank(
        pks=list(_requests_of(email).values_list("pk", flat=True)), now=now
    )

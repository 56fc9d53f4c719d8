"""A person's own data: see it, take it away, delete it.

Attendance at these talks is sensitive, so a person can do all three without asking
anyone: a member from their account, a guest from the link in any of our emails.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.models import CalendarFeed, Rsvp
from events.services.rsvps import rsvp_cancel
from notifications.addresses import normalise_email
from notifications.privacy import address_export, address_forget


def person_accounts_and_addresses(email: str):
    """The accounts behind a proven address, and every address they have *proven*.

    An address only counts once verified: anyone can add someone else's address to their
    own account unverified, and must not reach that person's data through it.
    """
    verified = EmailAddress.objects.filter(verified=True)
    accounts = (
        get_user_model()
        .objects.filter(
            Q(email__iexact=email) | Q(emailaddress__in=verified.filter(email__iexact=email))
        )
        .distinct()
    )
    owned = verified.filter(user__in=accounts).values_list("email", flat=True)
    return accounts, {email, *(normalise_email(address) for address in owned)}


def person_data_export(*, email: str) -> dict:
    email = normalise_email(email)
    rsvps = Rsvp.objects.filter(email=email).select_related("talk").order_by("talk__start")
    feed = CalendarFeed.objects.filter(email=email).first()
    user = get_user_model().objects.filter(email__iexact=email).first()
    return {
        "email": email,
        "account": user and {"email": user.email, "date_joined": user.date_joined.isoformat()},
        "rsvps": [
            {
                "talk": rsvp.talk.title,
                "talk_start": rsvp.talk.start.isoformat(),
                "name": rsvp.name,
                "status": rsvp.status,
                "people": rsvp.party_size,
                "accessibility_needs": rsvp.accessibility_needs,
                "heard_about": rsvp.heard_about,
                "created_at": rsvp.created_at.isoformat(),
                "checked_in_at": rsvp.checked_in_at and rsvp.checked_in_at.isoformat(),
            }
            for rsvp in rsvps
        ],
        "calendar_feed": feed and {"alarms": feed.alarms, "discreet_titles": feed.discreet_titles},
        **address_export(email=email),
    }


def person_data_delete(*, email: str, now=None) -> None:
    """Delete everything about a person, under every address they used with us.

    Seats they held for talks yet to come go to the waitlist first, as a cancellation
    would (without emailing them). RSVPs for talks that happened are emptied of all
    that is theirs instead of deleted, so attendance counts stay true.
    """
    email = normalise_email(email)
    now = now or timezone.now()
    accounts, addresses = person_accounts_and_addresses(email)
    theirs = Rsvp.objects.filter(Q(email__in=addresses) | Q(user__in=accounts))
    with transaction.atomic():
        addresses |= {
            normalise_email(address) for address in theirs.values_list("email", flat=True)
        }
        upcoming = theirs.filter(talk__start__gt=now).exclude(
            status__in=[Rsvp.Status.CANCELLED, Rsvp.Status.EXPIRED]
        )
        for rsvp in upcoming:
            rsvp_cancel(rsvp=rsvp, now=now, notify=False)
        for rsvp in theirs.filter(talk__start__lte=now):
            Rsvp.objects.filter(pk=rsvp.pk).update(
                email=f"deleted-{rsvp.pk}@deleted.invalid",
                name="",
                user=None,
                accessibility_needs="",
                heard_about="",
            )
        theirs.filter(talk__start__gt=now).delete()
        CalendarFeed.objects.filter(email__in=addresses).delete()
        accounts.delete()
        for address in addresses:
            address_forget(email=address)

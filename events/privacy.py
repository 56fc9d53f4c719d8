"""A person's own data: see it, take it away, delete it.

Attendance at these talks is sensitive, so a person can do all three without asking
anyone: a member from their account (deleting it takes their password), a guest from a
data link they ask for by email. A link to manage one RSVP is no way in: it reaches that
RSVP only, and offers to email a data link to its address.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events import emails, tokens
from events.models import CalendarFeed, Rsvp
from events.ratelimits import Limit, limit_spend
from events.services.retention import rsvps_anonymise
from events.services.rsvps import rsvp_cancel
from notifications.addresses import normalise_email
from notifications.privacy import address_export, address_forget

# Data links emailed to one address, and asked for from one client, per hour. Past
# either, a request gets the same answer and nothing is sent.
DATA_LINKS_PER_ADDRESS = Limit("data-link-address", 3, 3600)
DATA_LINKS_PER_CLIENT = Limit("data-link-client", 10, 3600)


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
        "account": user
        and {
            "email": user.email,
            "name": user.first_name,
            "date_joined": user.date_joined.isoformat(),
        },
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


def person_has_account(*, email: str) -> bool:
    accounts, _addresses = person_accounts_and_addresses(normalise_email(email))
    return accounts.exists()


def person_data_link_send(*, email: str, client: str, now: datetime | None = None) -> None:
    """Email a fresh data link to `email` if we hold anything for it, within the limits.

    The caller learns nothing: whether the address is known, limited or sent to, this
    returns the same, so the answer to the person asking can be the same too.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    if not (
        limit_spend(DATA_LINKS_PER_CLIENT, client, now)
        and limit_spend(DATA_LINKS_PER_ADDRESS, email, now)
    ):
        return
    held = person_data_export(email=email)
    if not any(value for key, value in held.items() if key != "email"):
        return
    token = tokens.data_link_issue(email=email, now=now)
    emails.send_data_link(email=email, token=token, now=now)


def _rsvps_forget(rsvps, now: datetime) -> None:
    """Seats still to come go to the waitlist, as a cancellation would (without an
    email); RSVPs for talks that happened are emptied instead of deleted, so attendance
    counts stay true; the rest are deleted."""
    upcoming = rsvps.filter(talk__start__gt=now).exclude(
        status__in=[Rsvp.Status.CANCELLED, Rsvp.Status.EXPIRED]
    )
    for rsvp in upcoming:
        rsvp_cancel(rsvp=rsvp, now=now, notify=False)
    rsvps_anonymise(rsvps=rsvps.filter(talk__start__lte=now))  # still counted, no one's
    rsvps.filter(talk__start__gt=now).delete()


@transaction.atomic
def account_delete(*, user, now: datetime | None = None) -> None:
    """Delete one account as the admin does, but forgetting its RSVPs as a person's own
    deletion would: seats still to come go to the waitlist (so every talk's counters and
    waitlist stay true), past RSVPs are emptied but still counted."""
    _rsvps_forget(Rsvp.objects.filter(user=user), now or timezone.now())
    user.delete()


def person_data_delete(*, email: str, now=None) -> None:
    """Delete everything about a person, their account included, under every address
    they used with us. Only for a member who gave their password (or a guest's address
    that no account holds: `person_guest_data_delete` decides)."""
    email = normalise_email(email)
    now = now or timezone.now()
    accounts, addresses = person_accounts_and_addresses(email)
    theirs = Rsvp.objects.filter(Q(email__in=addresses) | Q(user__in=accounts))
    with transaction.atomic():
        addresses |= {
            normalise_email(address) for address in theirs.values_list("email", flat=True)
        }
        _rsvps_forget(theirs, now)
        CalendarFeed.objects.filter(email__in=addresses).delete()
        accounts.delete()
        for address in addresses:
            address_forget(email=address)
            tokens.data_links_revoke(email=address)


def person_guest_data_delete(*, email: str, now=None) -> bool:
    """What a data link may delete: everything held for an address no account holds.

    For an account's address, only the RSVPs made under it without logging in: the
    account, and what goes with it, is deleted from the account with its password.
    Returns whether an account still holds the address.
    """
    email = normalise_email(email)
    now = now or timezone.now()
    if not person_has_account(email=email):
        person_data_delete(email=email, now=now)
        return False
    with transaction.atomic():
        _rsvps_forget(Rsvp.objects.filter(email=email, user__isnull=True), now)
        tokens.data_links_revoke(email=email)
    return True

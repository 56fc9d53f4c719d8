"""Unguessable links in emails.

RSVP links are signed: confirm a guest RSVP, manage (see or cancel) that one RSVP, or
check its people in at the door (the QR code in a confirmed seat's emails, which only a
coordinator's session can use). Each purpose signs with its own salt, so no link opens
another's page.

Data links (see, download or delete everything held for an address) are random tokens
kept server-side, in the shared cache, under the token's hash: each lives DATA_LINK_AGE,
an address has one live link at a time (asking for a new one revokes the old), and a
link can be used up (deleting with it), so none of them is a permanent key. A lost cache
entry fails closed: the person asks for a new link.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from notifications.addresses import normalise_email

CONFIRM = "confirm"
MANAGE = "manage"
CHECK_IN = "check-in"
DATA_LINK_AGE = timedelta(minutes=30)


def rsvp_token(*, rsvp_id: int, purpose: str) -> str:
    return signing.dumps({"rsvp": rsvp_id}, salt=f"events.rsvp.{purpose}", compress=True)


def rsvp_confirm_token(*, rsvp_id: int, discreet: bool) -> str:
    """The confirm link; it carries the guest's wish for discreet emails, which is saved
    only when they confirm: an address nobody has proven gets no stored preference."""
    payload = {"rsvp": rsvp_id, "discreet": discreet}
    return signing.dumps(payload, salt=f"events.rsvp.{CONFIRM}", compress=True)


def discreet_wish_from_confirm_token(token: str) -> bool:
    """Whether the guest asked for discreet emails (the token is already known good)."""
    try:
        return bool(signing.loads(token, salt=f"events.rsvp.{CONFIRM}").get("discreet"))
    except (signing.BadSignature, AttributeError):
        return False


def rsvp_id_from_token(*, token: str, purpose: str) -> int | None:
    """The RSVP id in a valid token, or None (tampered, or a confirm link past its hold)."""
    max_age = settings.EVENTS_CONFIRM_WITHIN if purpose == CONFIRM else None
    try:
        rsvp_id = signing.loads(token, salt=f"events.rsvp.{purpose}", max_age=max_age)["rsvp"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return rsvp_id if type(rsvp_id) is int else None


def _link_key(token: str) -> str:
    return "data-link:" + hashlib.sha256(token.encode()).hexdigest()


def _current_key(email: str) -> str:
    """Where an address's one live link is named, under a keyed hash of the address."""
    return "data-link-current:" + salted_hmac("events.data-link", email).hexdigest()


def data_link_issue(*, email: str, now: datetime) -> str:
    """A new data link token for `email`; the address's earlier link stops working."""
    email = normalise_email(email)
    token = secrets.token_urlsafe(32)
    seconds = int(DATA_LINK_AGE.total_seconds())
    cache.set(_link_key(token), {"email": email, "issued": now.timestamp()}, timeout=seconds)
    cache.set(_current_key(email), _link_key(token), timeout=seconds)
    return token


def data_link_email(*, token: str, now: datetime) -> str | None:
    """The address a live data link is for, or None (unknown, expired, superseded, used)."""
    link = cache.get(_link_key(token))
    if not link or now.timestamp() - link["issued"] > DATA_LINK_AGE.total_seconds():
        return None
    if cache.get(_current_key(link["email"])) != _link_key(token):
        return None
    return link["email"]


def data_link_use_up(*, token: str) -> bool:
    """Spend a link on a deletion: True for exactly one caller, however many race."""
    return bool(cache.delete(_link_key(token)))


def data_links_revoke(*, email: str) -> None:
    cache.delete(_current_key(normalise_email(email)))


INVITE = "invite"
INVITE_AGE = timedelta(days=7)


def invitation_token() -> str:
    """A new coordinator invitation link's token: random, and signed so that a forged one
    is turned away before the database is asked."""
    return signing.dumps({"n": secrets.token_urlsafe(24)}, salt=f"events.{INVITE}", compress=True)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_token_state(token: str) -> str:
    """ "good", "expired" (signed by us, older than INVITE_AGE) or "forged"."""
    try:
        signing.loads(token, salt=f"events.{INVITE}", max_age=INVITE_AGE)
    except signing.SignatureExpired:
        return "expired"
    except (signing.BadSignature, ValueError, TypeError):
        return "forged"
    return "good"

"""Invitations to join the Coordinators group: sent by a coordinator to one address, by
email, through the outbox.

A link works for seven days (tokens.INVITE_AGE), once, and not after it is revoked. It
binds to the address it was sent to: the account that accepts it must have that address,
verified by allauth. Only the token's hash is stored.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import emails, tokens
from events.models import CoordinatorInvitation
from events.permissions import is_coordinator
from notifications.addresses import normalise_email

INVITATIONS_PER_DAY = 20


@dataclass
class CoordinatorInvitationInvalid(Exception):
    """Why a link does not work: "forged" (unknown: a 404) or "expired", "used",
    "revoked" (a 410), or "other address" (the account is not the invited one)."""

    reason: str


def coordinator_invite(*, email: str, by, now: datetime | None = None) -> CoordinatorInvitation:
    """Email `email` a link to join the coordinators; at most INVITATIONS_PER_DAY a day
    from one coordinator."""
    now = now or timezone.now()
    email = normalise_email(email)
    with transaction.atomic():
        sent_today = CoordinatorInvitation.objects.filter(
            invited_by=by, created_at__gt=now - timedelta(days=1)
        ).count()
        if sent_today >= INVITATIONS_PER_DAY:
            raise ValidationError(
                _("You have sent %(count)d invitations today, the most a day. Try again tomorrow.")
                % {"count": sent_today}
            )
        address = EmailAddress.objects.filter(email__iexact=email, verified=True).first()
        if address and is_coordinator(address.user):
            raise ValidationError({"email": _("This person is already a coordinator.")})
        token = tokens.invitation_token()
        invitation = CoordinatorInvitation.objects.create(
            email=email,
            token_hash=tokens.invitation_token_hash(token),
            invited_by=by,
            created_at=now,
            expires_at=now + tokens.INVITE_AGE,
        )
        emails.send_coordinator_invitation(
            email=email, token=token, key=f"invite-{invitation.pk}", now=now
        )
    return invitation


def coordinator_invitation_open(*, token: str, now: datetime | None = None, lock=False):
    """The invitation a link is for, if it still works; else CoordinatorInvitationInvalid."""
    now = now or timezone.now()
    state = tokens.invitation_token_state(token)
    if state == "forged":
        raise CoordinatorInvitationInvalid("forged")
    invitations = CoordinatorInvitation.objects.all()
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.filter(token_hash=tokens.invitation_token_hash(token)).first()
    if invitation is None:
        raise CoordinatorInvitationInvalid("forged")
    if invitation.revoked_at:
        raise CoordinatorInvitationInvalid("revoked")
    if invitation.used_at:
        raise CoordinatorInvitationInvalid("used")
    if state == "expired" or now >= invitation.expires_at:
        raise CoordinatorInvitationInvalid("expired")
    return invitation


def invitation_fits(invitation: CoordinatorInvitation, user) -> bool:
    """Whether `user` has the invited address, verified."""
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def coordinator_invitation_accept(
    *, token: str, user, now: datetime | None = None
) -> CoordinatorInvitation:
    """`user` joins the coordinators, once: a second use of the link, even a racing
    one, finds the invitation used."""
    now = now or timezone.now()
    invitation = coordinator_invitation_open(token=token, now=now, lock=True)
    if not invitation_fits(invitation, user):
        raise CoordinatorInvitationInvalid("other address")
    user.groups.add(Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)[0])
    invitation.used_at, invitation.used_by = now, user
    invitation.save(update_fields=["used_at", "used_by"])
    return invitation


@transaction.atomic
def coordinator_invitation_revoke(
    *, invitation: CoordinatorInvitation, now: datetime | None = None
) -> bool:
    """Stop a link working; False if it was already used, revoked or expired."""
    now = now or timezone.now()
    return bool(
        CoordinatorInvitation.objects.filter(
            pk=invitation.pk, used_at=None, revoked_at=None, expires_at__gt=now
        ).update(revoked_at=now)
    )

"""What a member changes about their own account (allauth does the rest: addresses,
passwords)."""

from django.contrib.auth.models import AbstractBaseUser


def member_rename(*, member: AbstractBaseUser, name: str) -> None:
    """The name a member's RSVPs are made in from now on (the RSVP form starts with it);
    RSVPs already made keep the name given with them. An empty name is allowed: the
    account then has none."""
    member.first_name = name
    member.save(update_fields=["first_name"])

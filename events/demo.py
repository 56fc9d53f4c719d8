"""Demo data for `make run` and benchmarks. Every function is idempotent."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

DEMO_PASSWORD = "talks-demo-password"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_MEMBER = DemoLogin("member", "member@example.org", DEMO_PASSWORD)
DEMO_COORDINATOR = DemoLogin("coordinator", "coordinator@example.org", DEMO_PASSWORD)


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


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    demo_user_ensure(login=DEMO_MEMBER)
    demo_user_ensure(login=DEMO_COORDINATOR, coordinator=True)
    return [DEMO_MEMBER, DEMO_COORDINATOR]

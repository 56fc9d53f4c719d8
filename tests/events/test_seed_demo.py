import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from events.demo import DEMO_COORDINATOR, DEMO_MEMBER
from events.permissions import is_coordinator


def counts():
    return get_user_model().objects.count(), EmailAddress.objects.count()


@pytest.mark.django_db
def test_seed_demo_twice_adds_nothing_the_second_time(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()

    call_command("seed_demo")

    assert counts() == first == (2, 2)


@pytest.mark.django_db
def test_demo_logins_work_and_the_coordinator_is_a_coordinator(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")

    for login in (DEMO_MEMBER, DEMO_COORDINATOR):
        client.logout()
        client.post("/accounts/login/", {"login": login.email, "password": login.password})
        assert "_auth_user_id" in client.session, login.role
    coordinator = get_user_model().objects.get(email=DEMO_COORDINATOR.email)
    assert is_coordinator(coordinator) is True


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="Refusing to load demo data with DEBUG off"):
        call_command("seed_demo")

    assert counts() == (0, 0)


@pytest.mark.django_db
def test_seed_demo_at_a_size_creates_talks_and_rsvps_with_waitlists_once(settings):
    from events.models import Rsvp, Talk

    settings.DEBUG = True
    call_command("seed_demo", talks=40, rsvps_per_talk=30)
    first = (Talk.objects.count(), Rsvp.objects.count())

    call_command("seed_demo", talks=40, rsvps_per_talk=30)

    assert (Talk.objects.count(), Rsvp.objects.count()) == first == (40, 40 * 30 + 2)
    assert Rsvp.objects.filter(status="waitlisted").exists()
    assert Talk.objects.filter(topics=None).count() == 0

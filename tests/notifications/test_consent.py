"""Reminders, announcements and contact from the clinic are separate choices: each changes
only when the person changes it, and each change is kept with when and how it was made."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from events import services
from notifications.models import ConsentRecord, EmailPreference
from notifications.preferences import preference_update
from notifications.privacy import address_forget
from notifications.selectors import preference_for, preference_stored
from tests.conftest import deliver_due
from tests.factories import TalkFactory, UserFactory

NOW = datetime(2026, 5, 4, 15, 30, tzinfo=UTC)
CHOICES = ["reminders", "announcements", "clinic_contact", "discreet"]


def choices_of(email: str) -> dict:
    preference = preference_for(email)
    return {name: getattr(preference, name) for name in CHOICES}


def history_of(email: str) -> list[tuple]:
    records = ConsentRecord.objects.filter(preference__email=email).order_by("at", "pk")
    return list(records.values_list("choice", "value", "at", "how"))


def preferences_url(email: str) -> str:
    return f"/email/preferences/{preference_stored(email).token}/"


def checkboxes(page: str) -> tuple[list[str], list[str]]:
    """The checkboxes on a page in order, and the ones ticked."""
    boxes = re.findall(r"<input [^>]*type=\"checkbox\"[^>]*>", page)
    names = [re.search(r'name="(\w+)"', box)[1] for box in boxes]
    return names, [name for name, box in zip(names, boxes, strict=True) if " checked" in box]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ticked", "changed"),
    [
        (["announcements"], ("reminders", False)),
        (["reminders"], ("announcements", False)),
        (["reminders", "announcements", "clinic_contact"], ("clinic_contact", True)),
        (["reminders", "announcements", "discreet"], ("discreet", True)),
    ],
)
def test_changing_one_choice_on_the_page_changes_no_other(client, ticked, changed):
    url = preferences_url("sam@example.org")
    before = choices_of("sam@example.org")

    with time_machine.travel(NOW, tick=False):
        client.post(url, dict.fromkeys(ticked, "on"))

    name, value = changed
    assert choices_of("sam@example.org") == {**before, name: value}
    assert history_of("sam@example.org") == [(name, value, NOW, "preferences_page")]


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [{"List-Unsubscribe": "One-Click"}, {}])
def test_unsubscribe_turns_off_announcements_only_and_is_recorded(client, posted):
    earlier = NOW - timedelta(days=30)
    preference_update(
        email="sam@example.org",
        how=ConsentRecord.How.PREFERENCES_PAGE,
        now=earlier,
        clinic_contact=True,
        discreet=True,
    )
    token = preference_stored("sam@example.org").token

    with time_machine.travel(NOW, tick=False):
        client.post(f"/email/unsubscribe/{token}/", posted)

    assert choices_of("sam@example.org") == {
        "reminders": True,
        "announcements": False,
        "clinic_contact": True,
        "discreet": True,
    }
    assert history_of("sam@example.org") == [
        ("clinic_contact", True, earlier, "preferences_page"),
        ("discreet", True, earlier, "preferences_page"),
        ("announcements", False, NOW, "unsubscribe"),
    ]


@pytest.mark.django_db
def test_an_rsvp_never_sets_clinic_contact():
    talk = TalkFactory(ask_accessibility_needs=True, ask_heard_about=True, max_companions=2)
    member = UserFactory(email="member@example.org")
    services.rsvp_create(
        talk=talk,
        email=member.email,
        name="Member",
        user=member,
        party_size=3,
        accessibility_needs="Step-free access",
        heard_about="The clinic",
        discreet_emails=True,
    )
    guest = services.rsvp_create(
        talk=talk, email="guest@example.org", name="Guest", discreet_emails=True
    ).rsvp
    services.rsvp_confirm_email(rsvp=guest)
    deliver_due()  # sending stores each recipient's preferences

    stored = EmailPreference.objects.order_by("email").values_list("email", "clinic_contact")

    assert list(stored) == [("guest@example.org", False), ("member@example.org", False)]
    assert ConsentRecord.objects.filter(choice="clinic_contact").count() == 0


@pytest.mark.django_db
def test_preferences_page_offers_each_choice_separately_with_clinic_contact_off(client):
    page = client.get(preferences_url("sam@example.org")).content.decode()

    assert checkboxes(page) == (
        ["reminders", "announcements", "clinic_contact", "discreet"],
        ["reminders", "announcements"],
    )
    assert "It does not sign you up for treatment or an assessment" in page
    assert page.count("You have not changed this.") == 4


@pytest.mark.django_db
def test_preferences_page_says_when_each_choice_was_last_changed(client, settings):
    settings.TIME_ZONE = "UTC"
    url = preferences_url("sam@example.org")
    with time_machine.travel(NOW, tick=False):
        client.post(url, {"reminders": "on"})
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        client.post(url, {"reminders": "on", "announcements": "on"})

    page = client.get(url).content.decode()

    assert history_of("sam@example.org") == [
        ("announcements", False, NOW, "preferences_page"),
        ("announcements", True, NOW + timedelta(days=1), "preferences_page"),
    ]
    assert page.count("You last changed this on May 5, 2026.") == 1
    assert page.count("You have not changed this.") == 3


@pytest.mark.django_db
def test_a_stored_value_set_again_is_not_a_new_choice():
    preference_update(email="sam@example.org", reminders=True, announcements=True)

    assert history_of("sam@example.org") == []


@pytest.mark.django_db
def test_forgetting_an_address_forgets_its_consent_history():
    preference_update(email="sam@example.org", now=NOW, clinic_contact=True)

    address_forget(email="sam@example.org")

    assert ConsentRecord.objects.count() == 0


def test_an_unknown_choice_is_refused():
    with pytest.raises(TypeError, match="Not an email preference: newsletter"):
        preference_update(email="sam@example.org", newsletter=True)

"""Subscribe, confirm by POST, publish: exactly the matching confirmed subscribers get
one announcement each, read back from the local SMTP server, and never a second."""

import pytest

from events import services
from events.models import Talk
from notifications.models import ConsentRecord, EmailPreference, OutgoingEmail
from outreach.models import Subscriber
from outreach.services.announcements import announcement_publish
from tests.factories import CoordinatorFactory, TopicFactory, VenueFactory
from tests.outreach.conftest import confirm_from, draft_talk, publish, subscribe

pytestmark = pytest.mark.django_db


def test_a_matching_confirmed_subscriber_gets_one_announcement_and_a_republish_sends_no_more(
    client, inbox
):
    ptsd, families = TopicFactory(name="PTSD"), TopicFactory(name="Families")
    subscribe(client, "match@example.org", topics=[ptsd.pk])
    subscribe(client, "other-topic@example.org", topics=[families.pk])
    subscribe(client, "unconfirmed@example.org")
    confirm_from(inbox, client, "match@example.org")
    confirm_from(inbox, client, "other-topic@example.org")
    talk = draft_talk(title="Ketamine and PTSD", topics=[ptsd])
    coordinator = CoordinatorFactory()

    publish(talk, coordinator)
    first = inbox.deliver()
    Talk.objects.filter(pk=talk.pk).update(status=Talk.Status.DRAFT)
    publish(Talk.objects.get(pk=talk.pk), coordinator)
    announcement_publish(talk=talk)  # a retried hook
    second = inbox.deliver()

    assert [(to, subject) for to, subject, _text, _m in first] == [
        ("match@example.org", "New talk: Ketamine and PTSD")
    ]
    assert second == []


def test_the_confirm_links_page_changes_nothing_until_its_button_is_pressed(client, inbox):
    subscribe(client, "scanned@example.org")
    ((_to, _subject, text, _m),) = inbox.deliver()
    confirm_path = text.split("/announcements/confirm/")[1].split()[0]

    page = client.get(f"/announcements/confirm/{confirm_path}")
    publish(draft_talk(), CoordinatorFactory())

    assert "Confirm announcements" in page.content.decode()
    assert Subscriber.objects.get().confirmed_at is None
    assert inbox.deliver() == []


def test_asking_again_for_a_subscribed_address_answers_the_same_and_changes_nothing(client, inbox):
    topic = TopicFactory()
    first = subscribe(client, "twice@example.org", topics=[topic.pk])
    confirm_from(inbox, client, "twice@example.org")

    again = subscribe(client, "Twice@Example.org", scope="online", frequency="weekly")
    fresh = subscribe(client, "new@example.org")
    arrived = inbox.deliver()

    assert (first.status_code, first["Location"]) == (302, "/announcements/sent/")
    assert (again.status_code, again["Location"]) == (fresh.status_code, fresh["Location"])
    subscriber = Subscriber.objects.get(preference__email="twice@example.org")
    assert (subscriber.scope, subscriber.frequency, list(subscriber.topics.all())) == (
        "both",
        "each",
        [topic],
    )
    assert Subscriber.objects.count() == 2
    assert sorted((to, subject) for to, subject, _text, _m in arrived) == [
        ("new@example.org", "Please confirm: announcements of new talks"),
        ("twice@example.org", "You already get announcements of new talks"),
    ]


def test_announcements_go_only_to_subscribers_of_the_talks_kind_of_place(client, inbox):
    subscribe(client, "in-person@example.org", scope="in_person")
    subscribe(client, "online@example.org", scope="online")
    for email in ("in-person@example.org", "online@example.org"):
        confirm_from(inbox, client, email)
    coordinator = CoordinatorFactory()

    publish(draft_talk(title="At the library"), coordinator)
    at_venue = inbox.deliver()
    publish(draft_talk(title="On video", venue=None, online_url="https://x.org/r"), coordinator)
    online = inbox.deliver()
    hybrid = draft_talk(title="Both", venue=VenueFactory(), online_url="https://x.org/r")
    publish(hybrid, coordinator)
    both = inbox.deliver()

    assert [to for to, *_ in at_venue] == ["in-person@example.org"]
    assert [to for to, *_ in online] == ["online@example.org"]
    assert sorted(to for to, *_ in both) == ["in-person@example.org", "online@example.org"]


def test_a_discreet_subscriber_gets_an_announcement_that_names_nothing(client, inbox):
    topic = TopicFactory(name="Ketamine-assisted therapy")
    subscribe(client, "quiet@example.org", discreet_emails="on")
    confirm_from(inbox, client, "quiet@example.org")

    publish(draft_talk(title="Ketamine for depression", topics=[topic]), CoordinatorFactory())
    ((_to, subject, text, message),) = inbox.deliver()

    html = message.get_body(preferencelist=("html",)).get_content()
    assert subject.startswith("A new event on ")
    assert [word for word in ("etamine", "epression", "/talks/") if word in text + html] == []
    assert EmailPreference.objects.get(email="quiet@example.org").discreet is True


def test_one_click_unsubscribe_from_an_announcement_stops_the_next_one(inbox):
    from django.test import Client

    browser = Client()
    subscribe(browser, "leaving@example.org")
    confirm_from(inbox, browser, "leaving@example.org")
    coordinator = CoordinatorFactory()
    publish(draft_talk(), coordinator)
    ((_to, _subject, _text, message),) = inbox.deliver()
    mail_program = Client(enforce_csrf_checks=True)

    unsubscribe_url = message["List-Unsubscribe"].strip("<>")
    response = mail_program.post(
        unsubscribe_url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]),
        {"List-Unsubscribe": "One-Click"},
    )
    publish(draft_talk(), coordinator)

    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (response.status_code, response.content) == (200, b"Unsubscribed.")
    assert inbox.deliver() == []
    assert OutgoingEmail.objects.filter(kind="announcement", state="skipped").count() == 0


def test_confirming_records_consent_with_its_time_and_leaves_reminders_alone(client, inbox):
    from notifications.preferences import preference_update

    preference_update(email="kept@example.org", reminders=False)
    subscribe(client, "kept@example.org")

    confirm_from(inbox, client, "kept@example.org")

    preference = EmailPreference.objects.get(email="kept@example.org")
    subscriber = Subscriber.objects.get()
    records = list(preference.consent_records.values_list("choice", "value", "how", "at"))
    assert records[-1] == (
        "announcements",
        True,
        ConsentRecord.How.SUBSCRIPTION_CONFIRMED,
        subscriber.confirmed_at,
    )
    assert (preference.reminders, preference.announcements) == (False, True)


def test_turning_reminders_off_or_on_never_changes_announcements(client, inbox):
    subscribe(client, "both@example.org")
    preferences_path = confirm_from(inbox, client, "both@example.org")
    token = preferences_path.rstrip("/").rsplit("/", 1)[1]
    choices = {"announcements": "on", "clinic_contact": ""}

    client.post(f"/email/preferences/{token}/", {**choices, "reminders": ""})
    off = Subscriber.objects.receiving().count()
    client.post(f"/email/preferences/{token}/", {**choices, "reminders": "on"})
    on = Subscriber.objects.receiving().count()

    assert (off, on) == (1, 1)


def test_unsubscribing_from_announcements_never_changes_reminders(client, inbox):
    from notifications.preferences import preference_update

    subscribe(client, "r@example.org")
    preferences_path = confirm_from(inbox, client, "r@example.org")
    preference_update(email="r@example.org", reminders=False)

    client.post(preferences_path, {"action": "unsubscribe"})
    after_off = EmailPreference.objects.get(email="r@example.org")
    client.post(preferences_path, {"action": "resume"})
    after_on = EmailPreference.objects.get(email="r@example.org")

    assert (after_off.announcements, after_off.reminders) == (False, False)
    assert (after_on.announcements, after_on.reminders) == (True, False)


def test_a_talk_cancelled_before_its_announcements_left_sends_none(client, inbox):
    ptsd = TopicFactory(name="PTSD")
    subscribe(client, "match@example.org", topics=[ptsd.pk])
    confirm_from(inbox, client, "match@example.org")
    coordinator = CoordinatorFactory()
    talk = publish(draft_talk(title="Ketamine and PTSD", topics=[ptsd]), coordinator)

    services.talk_cancel(talk=talk, message="The speaker is ill.", by=coordinator)
    arrived = inbox.deliver()

    assert [subject for _to, subject, _text, _m in arrived] == []
    assert OutgoingEmail.objects.get(kind="announcement").state == OutgoingEmail.State.CANCELLED

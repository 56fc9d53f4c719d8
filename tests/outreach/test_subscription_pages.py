"""The announcement pages: a member's switch, a subscriber's own choices, bad input,
limits, and the number of queries each page takes."""

import pytest

from notifications.models import ConsentRecord, EmailPreference
from outreach.models import Subscriber
from tests.conftest import NEVER_STORED, run_together
from tests.factories import SubscriberFactory, TopicFactory, UserFactory
from tests.outreach.conftest import subscribe

pytestmark = pytest.mark.django_db


def test_a_member_turns_announcements_on_and_off_for_their_verified_address(client):
    member = UserFactory(email="member@example.org")
    client.force_login(member)
    topic = TopicFactory()

    page = client.get("/announcements/").content.decode()
    client.post(
        "/announcements/",
        {
            "action": "on",
            "topics": [topic.pk],
            "scope": "online",
            "frequency": "each",
            "digest_weekday": 0,
        },
    )
    on = Subscriber.objects.receiving().filter(preference__email="member@example.org").count()
    client.post("/announcements/", {"action": "off"})
    off = Subscriber.objects.receiving().count()

    assert "Announcements are off for member@example.org" in page
    assert (on, off) == (1, 0)
    hows = ConsentRecord.objects.values_list("value", "how")
    assert list(hows) == [(True, "account"), (False, "account")]


def test_a_subscribers_page_saves_new_choices_and_shows_errors_under_the_field(client):
    subscriber = SubscriberFactory(preference__email="own@example.org")
    topic = TopicFactory()
    path = f"/announcements/preferences/{subscriber.preference.token}/"

    saved = client.post(
        path,
        {
            "action": "save",
            "topics": [topic.pk],
            "scope": "in_person",
            "frequency": "weekly",
            "digest_weekday": 4,
        },
    )
    bad = client.post(
        path, {"action": "save", "scope": "moon", "frequency": "each", "digest_weekday": 0}
    )

    subscriber.refresh_from_db()
    assert saved.status_code == 302
    assert (subscriber.scope, subscriber.frequency, subscriber.digest_weekday) == (
        "in_person",
        "weekly",
        4,
    )
    assert list(subscriber.topics.all()) == [topic]
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
    assert bad["Cache-Control"] == NEVER_STORED


def test_a_bad_subscription_form_says_what_is_wrong_and_sends_nothing(client):
    response = subscribe(client, "not an address")

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert EmailPreference.objects.count() == Subscriber.objects.count() == 0


def test_a_forged_link_to_a_subscribers_page_or_confirmation_is_not_found(client):
    assert client.get("/announcements/preferences/forged-token/").status_code == 404
    assert client.get("/announcements/confirm/forged-token/").status_code == 404


def test_too_many_asks_from_one_client_are_refused_and_one_address_gets_no_more(
    client, settings, inbox
):
    settings.OUTREACH_SUBSCRIBE_PER_IP_PER_HOUR = 3
    settings.OUTREACH_SUBSCRIBE_PER_ADDRESS_PER_DAY = 1

    answers = [subscribe(client, "target@example.org").status_code for _ in range(3)]
    refused = subscribe(client, "other@example.org")

    assert answers == [302, 302, 302]
    assert refused.status_code == 429
    assert [to for to, *_ in inbox.deliver()] == ["target@example.org"]


@pytest.mark.parametrize("topics", [2, 20])
def test_the_subscription_page_takes_the_same_queries_whatever_the_topics(
    client, topics, django_assert_num_queries
):
    TopicFactory.create_batch(topics)

    with django_assert_num_queries(2):  # the topics, the site's discreet default
        response = client.get("/announcements/")

    assert response.status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_asks_at_once_for_one_address_make_one_subscriber():
    from django.test import Client

    def ask():
        return subscribe(Client(), "race@example.org").status_code

    assert run_together([ask, ask, ask, ask]) == [302] * 4
    assert Subscriber.objects.filter(preference__email="race@example.org").count() == 1


def test_seed_outreach_demo_twice_adds_subscribers_once(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    TopicFactory.create_batch(3)

    call_command("seed_outreach_demo", subscribers=12)
    call_command("seed_outreach_demo", subscribers=12)

    assert Subscriber.objects.receiving().count() == 12
    assert Subscriber.objects.filter(all_topics=False).count() == 4

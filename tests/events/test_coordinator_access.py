"""Only coordinators (and superusers) reach the coordinator tools."""

import pytest
from django.urls import reverse

from tests.factories import RsvpFactory, TalkFactory, UserFactory

TALK_PAGES = [
    "coordinator_talk_detail",
    "coordinator_talk_edit",
    "coordinator_talk_preview",
    "coordinator_talk_publish",
    "coordinator_talk_reschedule",
    "coordinator_talk_capacity",
    "coordinator_talk_duplicate",
    "coordinator_talk_cancel",
    "coordinator_talk_attendees_csv",
    "coordinator_talk_checkin",
]


def every_coordinator_url() -> list[str]:
    talk = TalkFactory()
    rsvp = RsvpFactory(talk=talk)
    return [
        reverse("coordinator_dashboard"),
        reverse("coordinator_talk_create"),
        *(reverse(name, kwargs={"pk": talk.pk}) for name in TALK_PAGES),
        reverse("coordinator_rsvp_checkin", kwargs={"pk": rsvp.pk}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_coordinator_pages_refuse_a_member_who_is_not_a_coordinator(client, method):
    urls = every_coordinator_url()
    client.force_login(UserFactory())

    statuses = [getattr(client, method)(url).status_code for url in urls]

    assert statuses == [403] * len(urls)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_coordinator_pages_send_an_anonymous_visitor_to_log_in(client, method):
    urls = every_coordinator_url()

    locations = [getattr(client, method)(url)["Location"] for url in urls]

    assert locations == [f"/accounts/login/?next={url}" for url in urls]


@pytest.mark.django_db
def test_coordinator_dashboard_admits_a_superuser(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("coordinator_dashboard"))

    assert (response.status_code, response.templates[0].name) == (
        200,
        "events/coordinator/dashboard.html",
    )

"""Every look at a talk's attendee list leaves a row saying who, when, which talk and how;
only superusers read those rows."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.models import AttendeeListAccess
from tests.factories import RsvpFactory, TalkFactory, UserFactory

NOW = datetime(2026, 5, 4, 15, 30, tzinfo=UTC)
AUDIT_ADMIN = "/admin/events/attendeelistaccess/"


def accesses() -> list[tuple]:
    return list(
        AttendeeListAccess.objects.order_by("pk").values_list("talk", "by", "by_name", "at", "what")
    )


@pytest.mark.parametrize(
    ("view", "what"),
    [
        ("coordinator_talk_detail", "talk_page"),
        ("coordinator_talk_attendees_csv", "csv_export"),
        ("coordinator_talk_checkin", "check_in"),
    ],
)
def test_each_look_at_an_attendee_list_is_recorded_once(client, coordinator, view, what):
    talk = TalkFactory()
    RsvpFactory(talk=talk, name="Sam")

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse(view, kwargs={"pk": talk.pk}))

    assert response.status_code == 200
    assert accesses() == [(talk.pk, coordinator.pk, coordinator.username, NOW, what)]


def test_a_refused_visitor_leaves_no_audit_row(client, db):
    talk = TalkFactory()
    client.force_login(UserFactory())

    response = client.get(reverse("coordinator_talk_attendees_csv", kwargs={"pk": talk.pk}))

    assert (response.status_code, accesses()) == (403, [])


def test_a_coordinator_cannot_read_the_audit_even_with_every_permission(client, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.set(
        Permission.objects.filter(codename__endswith="attendeelistaccess")
    )
    client.get(reverse("coordinator_talk_detail", kwargs={"pk": TalkFactory().pk}))
    row = AttendeeListAccess.objects.get()

    listing = client.get(AUDIT_ADMIN)
    one = client.get(f"{AUDIT_ADMIN}{row.pk}/change/")
    index = client.get("/admin/")

    assert (listing.status_code, one.status_code) == (403, 403)
    assert AUDIT_ADMIN not in index.content.decode()


def test_a_superuser_reads_the_audit_and_cannot_change_it(client, db):
    talk = TalkFactory(title="Ketamine 101")
    superuser = UserFactory(is_staff=True, is_superuser=True, username="lead@example.org")
    client.force_login(superuser)
    client.get(reverse("coordinator_talk_checkin", kwargs={"pk": talk.pk}))
    row = AttendeeListAccess.objects.get()

    listing = client.get(AUDIT_ADMIN)
    one = client.get(f"{AUDIT_ADMIN}{row.pk}/change/")
    deleting = client.post(f"{AUDIT_ADMIN}{row.pk}/delete/", {"post": "yes"})

    assert [
        (access.by_name, access.talk.title) for access in listing.context["cl"].result_list
    ] == [("lead@example.org", "Ketamine 101")]
    assert (one.status_code, deleting.status_code) == (200, 403)
    assert AttendeeListAccess.objects.count() == 1

"""What a worker touches, and what it writes down: only its own claim's unsent rows, one
write per row, and a sent row that says when it left and under what subject."""

import copy
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.delivery import emails_deliver_claim
from notifications.models import OutgoingEmail
from notifications.outbox import (
    STUCK_AFTER,
    QueuedEmail,
    emails_claim_due,
    emails_queue,
    emails_reclaim_stuck,
)
from notifications.selectors import email_settings_current
from tests.conftest import deliver_due

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def notice_templates(tmp_path, settings):
    """A `notice` trio naming its subject, so these tests do not depend on the talks' wording."""
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "notice_subject.txt").write_text("Notice about {{ event_name }}")
    (folder / "notice_body.txt").write_text("About {{ event_name }}.\n{{ unsubscribe_url }}")
    (folder / "notice_body.html").write_text("<p>About {{ event_name }}.</p>")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


def queue(count, due_at=None):
    emails_queue(
        messages=[
            QueuedEmail(
                to=f"p{n}@example.org", kind="notice", subject_name="Ketamine 101", due_at=due_at
            )
            for n in range(count)
        ]
    )


def recipients(messages):
    return [message.to[0] for message in messages]


def test_a_task_redelivered_after_its_worker_died_sends_only_what_had_not_left():
    queue(3)
    claim = emails_claim_due(now=timezone.now())
    first = OutgoingEmail.objects.order_by("pk").first()
    OutgoingEmail.objects.filter(pk=first.pk).update(state="sent")  # then the worker died

    sent = emails_deliver_claim(claim=claim)

    assert (sent, recipients(mail.outbox)) == (2, ["p1@example.org", "p2@example.org"])


def test_a_worker_sends_the_rows_of_its_own_claim_only():
    queue(2)
    now = timezone.now()
    mine, theirs = emails_claim_due(now=now, limit=1), emails_claim_due(now=now, limit=1)

    emails_deliver_claim(claim=mine)

    assert recipients(mail.outbox) == ["p0@example.org"]
    assert list(OutgoingEmail.objects.order_by("pk").values_list("state", "claim")) == [
        ("sent", mine),
        ("sending", theirs),
    ]


def test_a_live_workers_heartbeat_keeps_a_dead_workers_claim_dead():
    long_ago = timezone.now() - timedelta(minutes=10)
    queue(2, due_at=long_ago)
    emails_claim_due(now=long_ago, limit=1)  # its worker died ten minutes ago
    alive = emails_claim_due(now=timezone.now(), limit=1)

    emails_deliver_claim(claim=alive)

    assert emails_reclaim_stuck(now=timezone.now()) == 1
    assert OutgoingEmail.objects.order_by("pk").values_list("state", flat=True)[0] == "queued"


@pytest.mark.parametrize("rows", [2, 5])
def test_a_batch_costs_one_write_per_row_whatever_its_size(rows, django_assert_num_queries):
    queue(rows)
    email_settings_current()  # the site's settings row exists, as it does once live
    claim = emails_claim_due(now=timezone.now())

    # the rows, the site's settings, the preferences (two), one heartbeat; a mark per row
    with django_assert_num_queries(5 + rows):
        emails_deliver_claim(claim=claim)


def test_a_sent_row_says_when_it_left_under_what_subject_and_forgets_the_last_error(
    smtp_server,
):
    queue(1)
    smtp_server.handler.reply = "451 Try again later"
    deliver_due()
    failed_once = OutgoingEmail.objects.values_list("state", "last_error").get()
    smtp_server.handler.reply = "250 OK"
    left_at = timezone.now() + timedelta(hours=1)

    with time_machine.travel(left_at, tick=False):
        deliver_due()

    [message] = smtp_server.handler.messages()
    assert failed_once == ("queued", "SMTPDataError: (451, b'Try again later')")
    assert OutgoingEmail.objects.values_list("state", "sent_at", "subject", "last_error").get() == (
        "sent",
        left_at,
        "Notice about “Ketamine 101”",
        "",
    )
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body.splitlines()[0] == "About “Ketamine 101”."


def test_the_earliest_due_message_is_claimed_first_whatever_order_it_was_queued_in():
    now = timezone.now()
    emails_queue(
        messages=[
            QueuedEmail(to="later@example.org", kind="notice", due_at=now),
            QueuedEmail(to="sooner@example.org", kind="notice", due_at=now - timedelta(hours=1)),
        ]
    )

    claim = emails_claim_due(now=now, limit=1)

    assert OutgoingEmail.objects.get(claim=claim).recipient == "sooner@example.org"


def test_a_message_already_expired_or_expiring_as_it_is_queued_is_not_queued():
    now = timezone.now()

    queued = emails_queue(
        messages=[
            QueuedEmail(to="a@example.org", kind="notice", expires_at=now - STUCK_AFTER),
            QueuedEmail(to="b@example.org", kind="notice", expires_at=now),
        ],
        now=now,
    )

    assert (queued, OutgoingEmail.objects.count()) == (0, 0)

import copy
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.utils import timezone

from notifications.delivery import emails_deliver_claim, retry_delay
from notifications.models import Category, OutgoingEmail
from notifications.outbox import (
    STUCK_AFTER,
    MultipleRecipientsError,
    QueuedEmail,
    emails_cancel_pending,
    emails_claim_due,
    emails_queue,
)
from notifications.preferences import preference_update
from notifications.tasks import sweep_outbox
from tests.conftest import deliver_due, wait_for


def queue(to="someone@example.org", key=None, **fields):
    context = {"name": "Sam", "title": "Ketamine 101", **fields.pop("context", {})}
    message = QueuedEmail(to=to, kind="notice", key=key, context=context, **fields)
    return emails_queue(messages=[message])


@pytest.fixture(autouse=True)
def notice_templates(tmp_path, settings):
    """A minimal `notice` trio, so these tests do not depend on the talks' wording."""
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "notice_subject.txt").write_text("Notice for {{ name }}")
    (folder / "notice_body.txt").write_text("Hello {{ name }}.\n{{ unsubscribe_url }}")
    (folder / "notice_body.html").write_text("<p>Hello {{ name }}.</p>")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates  # assigned, not mutated: the engines are rebuilt


def states():
    return list(OutgoingEmail.objects.order_by("pk").values_list("state", flat=True))


@pytest.mark.django_db
def test_send_mail_writes_an_outbox_row_and_sends_nothing_in_the_request():
    send_mail("Welcome", "Body", None, ["someone@example.org"])

    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.state, outgoing.recipient, outgoing.subject) == (
        "queued",
        "someone@example.org",
        "Welcome",
    )
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_leaves_no_email_and_queues_no_task(
    django_capture_on_commit_callbacks,
):
    def queue_then_fail():
        with transaction.atomic():
            queue()
            raise RuntimeError("the RSVP failed")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        queue_then_fail()

    assert OutgoingEmail.objects.count() == 0
    assert callbacks == []


@pytest.mark.django_db
def test_email_to_two_people_is_refused_so_no_one_sees_another_address():
    message = EmailMessage("Hi", "Body", to=["a@example.org"], bcc=["b@example.org"])

    with pytest.raises(MultipleRecipientsError, match="exactly one recipient, this one has 2"):
        message.send()

    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db
def test_the_same_key_is_queued_once():
    queue(key="rsvp-1:confirmed:1")
    queue(key="rsvp-1:confirmed:1")

    assert OutgoingEmail.objects.count() == 1


@pytest.mark.django_db
def test_a_claim_is_taken_once():
    queue()
    now = timezone.now()

    first, second = emails_claim_due(now=now), emails_claim_due(now=now)

    assert first is not None
    assert second is None


@pytest.mark.django_db
def test_a_redelivered_batch_sends_nothing_twice(smtp_server):
    queue()
    claim = emails_claim_due(now=timezone.now())

    results = [emails_deliver_claim(claim=claim), emails_deliver_claim(claim=claim)]

    assert results == [1, 0]
    assert len(smtp_server.handler.received) == 1


@pytest.mark.django_db
def test_double_sweep_sends_each_message_once(smtp_server):
    for n in range(3):
        queue(to=f"p{n}@example.org")

    deliver_due()
    deliver_due()

    assert sorted(e.rcpt_tos[0] for e in smtp_server.handler.received) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]


@pytest.mark.django_db
def test_one_batch_reuses_one_smtp_connection(smtp_server):
    for n in range(5):
        queue(to=f"p{n}@example.org")

    deliver_due()

    assert len(smtp_server.handler.received) == 5
    assert smtp_server.handler.sessions == 1


@pytest.mark.django_db
def test_temporary_smtp_refusal_is_retried_later_with_backoff(smtp_server):
    smtp_server.handler.reply = "451 Try again later"
    queue()
    now = timezone.now()

    deliver_due(now)

    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.state, outgoing.attempts) == ("queued", 1)
    assert outgoing.due_at == now + retry_delay(1)
    assert outgoing.last_error.startswith("SMTPDataError: (451")
    assert deliver_due(now) == []  # not due again yet


@pytest.mark.django_db
def test_permanent_smtp_refusal_stops_retrying_and_is_recorded(smtp_server):
    smtp_server.handler.reply = "550 No such mailbox"
    queue()

    deliver_due()
    deliver_due(timezone.now() + timedelta(days=1))

    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.state, outgoing.attempts) == ("failed", 1)
    assert outgoing.last_error.startswith("SMTPDataError: (550")


@pytest.mark.django_db
def test_smtp_server_down_then_up_delivers_once(smtp_server, settings):
    settings.EMAIL_DELIVERY = {**smtp_server.delivery, "port": 1}
    queue()
    now = timezone.now()

    deliver_due(now)
    settings.EMAIL_DELIVERY = smtp_server.delivery
    deliver_due(now + retry_delay(1))

    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.state, outgoing.attempts) == ("sent", 2)
    assert len(smtp_server.handler.received) == 1


def test_retry_delay_doubles_and_is_capped():
    delays = [retry_delay(attempt) for attempt in (1, 2, 3, 20)]

    assert delays == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(hours=2),
    ]


@pytest.mark.django_db
def test_a_batch_whose_worker_died_is_reclaimed_after_the_timeout_and_sent_once(smtp_server):
    queue()
    now = timezone.now()
    dead_claim = emails_claim_due(now=now)  # claimed, then the worker died

    assert deliver_due(now + STUCK_AFTER / 2) == []
    deliver_due(now + STUCK_AFTER + timedelta(seconds=1))
    late_redelivery = emails_deliver_claim(claim=dead_claim)

    assert states() == ["sent"]
    assert late_redelivery == 0
    assert len(smtp_server.handler.received) == 1


@pytest.mark.django_db
def test_message_past_its_expiry_is_skipped_not_sent_late():
    now = timezone.now()
    queue(due_at=now, expires_at=now + timedelta(minutes=30))

    sent = deliver_due(now + timedelta(minutes=31))

    assert (sent, states()) == ([], ["skipped"])


@pytest.mark.django_db
def test_reminders_switched_off_are_skipped_but_transactional_messages_still_go():
    preference_update(email="sam@example.org", reminders=False, announcements=False)
    queue(to="sam@example.org", category=Category.REMINDER)
    queue(to="sam@example.org", category=Category.ANNOUNCEMENT)
    queue(to="sam@example.org", category=Category.TRANSACTIONAL)

    sent = deliver_due()

    assert states() == ["skipped", "skipped", "sent"]
    assert [m.subject for m in sent] == ["Notice for Sam"]


@pytest.mark.django_db
def test_cancel_pending_leaves_sent_messages_alone():
    queue(key="rsvp-1:reminder:1", group="talk-1", due_at=timezone.now())
    deliver_due()
    queue(key="rsvp-1:reminder:2", group="talk-1", due_at=timezone.now() + timedelta(days=1))

    cancelled = emails_cancel_pending(group="talk-1")

    assert (cancelled, states()) == (1, ["sent", "cancelled"])


@pytest.mark.django_db
def test_every_templated_email_has_text_html_and_one_click_unsubscribe(client):
    queue(to="sam@example.org")

    message = deliver_due()[0]

    assert message.to == ["sam@example.org"]
    assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    path = unsubscribe.removeprefix("http://127.0.0.1:8000")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert (response.status_code, response.content) == (200, b"Unsubscribed.")
    queue(to="sam@example.org", category=Category.ANNOUNCEMENT)
    assert deliver_due() == []


@pytest.mark.django_db
def test_preferences_page_saves_choices_from_a_signed_link(client):
    from notifications.selectors import preference_stored

    token = preference_stored("Sam@Example.org").token

    client.post(f"/email/preferences/{token}/", {"announcements": "on", "discreet": "on"})

    from notifications.selectors import preference_for

    preference = preference_for("sam@example.org")
    assert (preference.reminders, preference.announcements, preference.discreet) == (
        False,
        True,
        True,
    )
    assert client.get("/email/preferences/forged/").status_code == 404


def test_worker_delivers_a_committed_email_over_smtp(celery_worker, smtp_server):
    with transaction.atomic():
        queue(to="guest@example.org")

    wait_for(lambda: states() == ["sent"], what="the worker to send it")
    message = smtp_server.handler.messages()[0]
    assert smtp_server.handler.received[0].rcpt_tos == ["guest@example.org"]
    assert (message["To"], message["Subject"]) == ("guest@example.org", "Notice for Sam")


def test_beat_sweep_delivers_email_whose_task_never_reached_the_broker(celery_worker):
    OutgoingEmail.objects.create(
        recipient="late@example.org",
        kind="notice",
        context={"name": "Late"},
        due_at=timezone.now(),
    )  # written without the after-commit nudge, as if the broker had been down

    assert sweep_outbox() == 1  # what beat runs
    wait_for(lambda: states() == ["sent"], what="the sweep's batch")
    assert [message.to for message in mail.outbox] == [["late@example.org"]]

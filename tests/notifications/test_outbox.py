from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.services import (
    MultipleRecipientsError,
    email_deliver,
    emails_sweep_due,
    retry_delay,
)
from tests.conftest import wait_for


def queue_one(subject="Your talk", to="someone@example.org") -> OutgoingEmail:
    send_mail(subject, "See you there.", None, [to])
    return OutgoingEmail.objects.get(subject=subject)


@pytest.mark.django_db
def test_send_mail_writes_an_outbox_row_and_sends_nothing_in_the_request():
    outgoing = queue_one()

    assert (outgoing.state, outgoing.recipient, outgoing.attempts) == (
        "queued",
        "someone@example.org",
        0,
    )
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_leaves_no_email():
    def queue_then_fail():
        with transaction.atomic():
            queue_one()
            raise RuntimeError("the RSVP failed")

    with pytest.raises(RuntimeError):
        queue_then_fail()

    assert OutgoingEmail.objects.count() == 0


@pytest.mark.django_db
def test_email_to_two_people_is_refused_so_no_one_sees_another_address():
    message = EmailMessage("Hi", "Body", to=["a@example.org"], bcc=["b@example.org"])

    with pytest.raises(MultipleRecipientsError, match="exactly one recipient, this one has 2"):
        message.send()

    assert OutgoingEmail.objects.count() == 0


def test_worker_delivers_committed_email_over_smtp(celery_worker, smtp_server):
    outgoing = queue_one(subject="Welcome", to="guest@example.org")

    wait_for(lambda: smtp_server.handler.received, what="the SMTP server to receive")
    outgoing.refresh_from_db()
    wait_for(lambda: OutgoingEmail.objects.get(pk=outgoing.pk).state == "sent", what="state sent")
    envelope = smtp_server.handler.received[0]
    message = smtp_server.handler.messages()[0]
    assert envelope.rcpt_tos == ["guest@example.org"]
    assert (message["To"], message["Subject"]) == ("guest@example.org", "Welcome")
    assert message.get_content().strip() == "See you there."


@pytest.mark.django_db
def test_delivering_twice_sends_once(smtp_server):
    outgoing = queue_one()

    results = [email_deliver(email_id=outgoing.pk), email_deliver(email_id=outgoing.pk)]

    assert results == [True, False]
    assert len(smtp_server.handler.received) == 1


@pytest.mark.django_db
def test_temporary_smtp_refusal_is_retried_later_with_backoff(smtp_server):
    smtp_server.handler.reply = "451 Try again later"
    outgoing = queue_one()
    now = timezone.now()

    sent = email_deliver(email_id=outgoing.pk, now=now)

    outgoing.refresh_from_db()
    assert sent is False
    assert (outgoing.state, outgoing.attempts) == ("queued", 1)
    assert outgoing.next_attempt_at == now + retry_delay(1)
    assert outgoing.last_error.startswith("SMTPDataError: (451")
    assert email_deliver(email_id=outgoing.pk, now=now) is False  # not due yet


@pytest.mark.django_db
def test_permanent_smtp_refusal_stops_retrying(smtp_server):
    smtp_server.handler.reply = "550 No such mailbox"
    outgoing = queue_one()

    email_deliver(email_id=outgoing.pk)

    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == ("failed", 1)
    assert emails_sweep_due(now=timezone.now() + timedelta(days=1)) == 0


@pytest.mark.django_db
def test_smtp_server_down_then_up_delivers_on_retry(smtp_server, settings):
    settings.EMAIL_DELIVERY = {**smtp_server.delivery, "port": 1}
    outgoing = queue_one()
    now = timezone.now()

    assert email_deliver(email_id=outgoing.pk, now=now) is False
    settings.EMAIL_DELIVERY = smtp_server.delivery
    assert email_deliver(email_id=outgoing.pk, now=now + retry_delay(1)) is True

    outgoing.refresh_from_db()
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


def test_sweep_delivers_email_whose_task_never_reached_the_broker(celery_worker):
    with transaction.atomic():
        outgoing = OutgoingEmail.objects.create(
            recipient="late@example.org",
            from_email="talks@localhost",
            subject="Late",
            raw_message=EmailMessage("Late", "Body", to=["late@example.org"]).message().as_bytes(),
            next_attempt_at=timezone.now(),
        )

    assert emails_sweep_due() == 1
    wait_for(lambda: OutgoingEmail.objects.get(pk=outgoing.pk).state == "sent", what="sweep")
    assert [message.to for message in mail.outbox] == [["late@example.org"]]

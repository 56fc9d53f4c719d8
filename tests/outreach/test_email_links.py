"""The question link in a seat's emails and the one-use feedback link in the thank-you,
read back from a real SMTP server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from notifications.models import OutgoingEmail
from outreach.models import FeedbackToken
from tests.conftest import deliver_due
from tests.factories import RsvpFactory, TalkFactory
from tests.outreach.conftest import links_in, seat_for


def bodies(message) -> str:
    """Every text part of a message as received, plain and HTML."""
    return "\n".join(
        part.get_content() for part in message.walk() if part.get_content_type().startswith("text/")
    )


@pytest.mark.django_db
def test_the_confirmation_and_the_reminder_carry_the_question_link(smtp_server):
    talk = TalkFactory(reminder_hours=[24])
    seat_for(talk)

    deliver_due()
    deliver_due(talk.start - timedelta(hours=23))

    received = smtp_server.handler.messages()
    found = [sorted(set(links_in(bodies(m), "questions"))) for m in received]
    assert [m["Subject"] for m in received] == [
        f"You are going: {talk.title}",
        f"Reminder: {talk.title} starts in 24 hours",
    ]
    assert len(found[0]) == 1
    assert found == [found[0], found[0]]  # one link per talk, the same for everyone


@pytest.mark.django_db
def test_a_discreet_confirmation_carries_the_question_link_without_the_slug(smtp_server):
    talk = TalkFactory(slug="ketamine-for-depression")
    seat_for(talk, discreet=True)

    deliver_due()

    (message,) = smtp_server.handler.messages()
    (link,) = set(links_in(bodies(message), "questions"))
    assert "ketamine" not in link
    assert "ketamine" not in bodies(message).lower()


@pytest.mark.django_db
def test_emails_that_do_not_invite_questions_carry_no_question_link():
    talk = TalkFactory()
    rsvp = seat_for(talk)
    services.rsvp_cancel(rsvp=rsvp)

    sent = deliver_due()

    assert [(m.subject, links_in(m.body, "questions") != []) for m in sent] == [
        (f"You are going: {talk.title}", True),
        (f"RSVP cancelled: {talk.title}", False),
    ]


@pytest.mark.django_db
def test_each_thank_you_carries_its_own_feedback_link_kept_only_as_a_hash(smtp_server):
    talk = TalkFactory(start=timezone.now() - timedelta(hours=5))
    RsvpFactory.create_batch(3, talk=talk)
    after = talk.end + timedelta(hours=2)

    services.talks_send_thanks(now=after)
    deliver_due()

    links = [links_in(bodies(m), "feedback") for m in smtp_server.handler.messages()]
    tokens = {link[0].rstrip("/").rsplit("/", 1)[1] for link in links}
    stored = set(FeedbackToken.objects.filter(talk=talk).values_list("token_hash", flat=True))
    assert [len(set(link)) for link in links] == [1, 1, 1]
    assert len(tokens) == 3
    assert len(stored) == 3
    assert tokens.isdisjoint(stored)


@pytest.mark.django_db
def test_the_outbox_forgets_a_thank_yous_link_once_it_has_left():
    talk = TalkFactory(start=timezone.now() - timedelta(hours=5))
    RsvpFactory.create_batch(2, talk=talk)
    after = talk.end + timedelta(hours=2)

    services.talks_send_thanks(now=after)
    queued = list(OutgoingEmail.objects.filter(kind="thank_you").values_list("context", flat=True))
    deliver_due()

    assert [bool(links_in(context["feedback_url"], "feedback")) for context in queued] == [
        True,
        True,
    ]
    assert list(OutgoingEmail.objects.filter(kind="thank_you").values_list("state", "context")) == [
        ("sent", {}),
        ("sent", {}),
    ]


@pytest.mark.django_db
def test_other_emails_keep_their_context_once_sent():
    talk = TalkFactory()
    seat_for(talk)

    deliver_due()

    (context,) = OutgoingEmail.objects.filter(kind="rsvp_confirmed").values_list(
        "context", flat=True
    )
    assert context["title"] == talk.title


@pytest.mark.django_db
@pytest.mark.parametrize("people", [2, 20])
def test_queuing_thanks_to_many_writes_their_links_in_one_insert(people, django_assert_num_queries):
    talk = TalkFactory(start=timezone.now() - timedelta(hours=5))
    RsvpFactory.create_batch(people, talk=talk)

    with django_assert_num_queries(9) as captured:
        services.talks_send_thanks(now=talk.end + timedelta(hours=2))

    tokens = [q for q in captured.captured_queries if "outreach_feedbacktoken" in q["sql"]]
    assert [q["sql"].split()[0] for q in tokens] == ["INSERT"]

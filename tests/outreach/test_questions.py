"""Questions before a talk: sent from a link shared by everyone at the talk, stored with
the talk and the day only, read by coordinators and, through a secret link, speakers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Rsvp
from outreach.models import Question
from outreach.services import questions
from tests.factories import TalkFactory
from tests.outreach.conftest import path_of

pytestmark = pytest.mark.django_db


def ask_path(talk) -> str:
    return path_of(questions.question_ask_url(talk=talk))


def speaker_path(talk) -> str:
    return path_of(questions.speaker_link_url(talk=talk))


def test_a_question_is_stored_with_its_talk_and_day_only(client):
    talk = TalkFactory()

    response = client.post(ask_path(talk), {"text": "  Is it addictive?  "})

    assert response.status_code == 302
    assert list(Question.objects.values_list("talk", "text", "created_on", "state")) == [
        (talk.pk, "Is it addictive?", timezone.localdate(), "open")
    ]
    assert "will see your question" in client.get(response.url).content.decode()


def test_no_column_of_a_question_leads_to_an_rsvp_or_a_person():
    related = {f.name: f.related_model for f in Question._meta.get_fields() if f.is_relation}
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, "outreach_question")
        ]

    assert related == {"talk": Rsvp._meta.get_field("talk").related_model}
    assert sorted(columns) == ["created_on", "id", "state", "talk_id", "text"]
    assert Question._meta.get_field("created_on").get_internal_type() == "DateField"


def test_an_empty_or_too_long_question_is_refused_under_its_field(client):
    talk = TalkFactory()

    empty = client.post(ask_path(talk), {"text": "   "})
    long = client.post(ask_path(talk), {"text": "x" * 1001})

    assert (empty.status_code, long.status_code) == (400, 400)
    assert "Write your question." in empty.content.decode()
    assert "Ensure this value has at most 1000 characters" in long.content.decode()
    assert Question.objects.count() == 0


def test_questions_past_the_limit_get_a_clear_429_and_are_not_saved(client, settings):
    talk = TalkFactory()
    answers = [client.post(ask_path(talk), {"text": f"Question {n}"}) for n in range(11)]

    assert [a.status_code for a in answers] == [302] * 10 + [429]
    assert "Too many questions" in answers[-1].content.decode()
    assert Question.objects.count() == 10


def test_once_the_talk_has_begun_the_page_says_so_and_takes_nothing(client):
    talk = TalkFactory(start=timezone.now() - timedelta(minutes=5))

    page = client.get(ask_path(talk)).content.decode()
    client.post(ask_path(talk), {"text": "Too late?"})

    assert "questions can no longer be sent here" in page
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    "token", ["garbage", "%00", "abc%00def", "eyJ0Ijo1fQ:1vXyZ:forged", "a" * 600]
)
def test_a_forged_or_garbled_link_is_a_404(client, token):
    talk = TalkFactory()
    questions.speaker_link_url(talk=talk)

    answers = [
        client.get(f"/questions/{token}/").status_code,
        client.post(f"/questions/{token}/", {"text": "Hi"}).status_code,
        client.get(f"/questions/for-speakers/{token}/").status_code,
    ]

    assert answers == [404, 404, 404]


def test_the_asking_link_does_not_open_the_speakers_page_nor_the_reverse(client):
    talk = TalkFactory()
    ask_token = ask_path(talk).split("/")[2]
    speaker_token = speaker_path(talk).split("/")[3]

    assert client.get(f"/questions/for-speakers/{ask_token}/").status_code == 404
    assert client.get(f"/questions/{speaker_token}/").status_code == 404


def test_a_cancelled_talks_asking_link_is_a_404(client):
    talk = TalkFactory(status="cancelled")

    assert client.get(ask_path(talk)).status_code == 404


def test_speakers_see_the_questions_not_hidden_and_nothing_else(client):
    talk = TalkFactory()
    other = TalkFactory()
    Question.objects.create(
        talk=talk, text="What does a session feel like?", created_on="2026-01-02"
    )
    Question.objects.create(
        talk=talk, text="Abusive words", created_on="2026-01-02", state="hidden"
    )
    Question.objects.create(talk=other, text="Another talk's", created_on="2026-01-02")

    page = client.get(speaker_path(talk))

    html = page.content.decode()
    assert page.status_code == 200
    assert "What does a session feel like?" in html
    assert "Abusive words" not in html
    assert "Another talk" not in html
    assert "Mark answered" not in html


def test_a_new_speakers_link_revokes_the_old_one(client, coordinator_client):
    talk = TalkFactory()
    old = speaker_path(talk)

    coordinator_client.post(f"/coordinate/talks/{talk.pk}/questions/speaker-link/")

    assert client.get(old).status_code == 404
    assert client.get(speaker_path(talk)).status_code == 200


def test_coordinators_mark_questions_answered_and_hide_abusive_ones(coordinator_client):
    talk = TalkFactory()
    answered = Question.objects.create(talk=talk, text="Cost?", created_on="2026-01-02")
    abusive = Question.objects.create(talk=talk, text="Rude", created_on="2026-01-02")
    base = f"/coordinate/talks/{talk.pk}/questions"

    coordinator_client.post(f"{base}/{answered.pk}/mark/", {"state": "answered"})
    coordinator_client.post(f"{base}/{abusive.pk}/mark/", {"state": "hidden"})
    bad = coordinator_client.post(f"{base}/{abusive.pk}/mark/", {"state": "deleted"})
    page = coordinator_client.get(f"{base}/").content.decode()

    assert dict(Question.objects.values_list("text", "state")) == {
        "Cost?": "answered",
        "Rude": "hidden",
    }
    assert bad.status_code == 302
    assert "Rude" in page  # coordinators still see what they hid
    assert path_of(questions.speaker_link_url(talk=talk)) in page


def test_a_question_of_another_talk_cannot_be_marked_through_this_one(coordinator_client):
    talk, other = TalkFactory(), TalkFactory()
    question = Question.objects.create(talk=other, text="Q", created_on="2026-01-02")

    answer = coordinator_client.post(
        f"/coordinate/talks/{talk.pk}/questions/{question.pk}/mark/", {"state": "hidden"}
    )

    assert answer.status_code == 404
    assert Question.objects.get().state == "open"


def test_the_question_pages_are_for_coordinators_only(client):
    talk = TalkFactory()

    answer = client.get(f"/coordinate/talks/{talk.pk}/questions/")

    assert answer.status_code == 302
    assert answer.url.startswith("/accounts/login/")


def test_the_coordinators_talk_page_links_to_its_questions(coordinator_client):
    talk = TalkFactory()

    page = coordinator_client.get(f"/coordinate/talks/{talk.pk}/").content.decode()

    assert f'href="/coordinate/talks/{talk.pk}/questions/"' in page
    assert 'href="/coordinate/feedback-items/"' in page


@pytest.mark.parametrize("count", [2, 30])
def test_question_pages_make_the_same_queries_whatever_the_number(
    count, client, django_assert_num_queries
):
    talk = TalkFactory()
    Question.objects.bulk_create(
        Question(talk=talk, text=f"Q{n}", created_on="2026-01-02") for n in range(count)
    )
    speaker = speaker_path(talk)

    with django_assert_num_queries(2):
        client.get(speaker)
    with django_assert_num_queries(1):
        client.get(ask_path(talk))

"""Feedback after a talk: a one-use link, a response that names nobody, and attitude
items whose wording never changes under their answers."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Avg
from django.utils import timezone

from events.models import Series, Talk
from outreach.models import FeedbackAnswer, FeedbackItem, FeedbackResponse
from outreach.services import feedback
from tests.factories import SeriesFactory, TalkFactory
from tests.outreach.conftest import path_of

pytestmark = pytest.mark.django_db


def past_talk(**kwargs):
    return TalkFactory(start=timezone.now() - timedelta(days=1), **kwargs)


def link_for(talk) -> str:
    (url,) = feedback.feedback_links_issue(talk=talk, count=1)
    return path_of(url)


def answers_for(talk, **overrides) -> dict:
    data = {"clarity": "4", "usefulness": "5"}
    for item in feedback.feedback_items_for(talk=talk):
        data |= {f"before_{item.pk}": "2", f"now_{item.pk}": "4"}
    return data | overrides


def test_a_response_is_stored_with_the_talk_the_answers_and_the_day(client):
    talk = past_talk()
    link = link_for(talk)

    form = client.get(link).content.decode()
    sent = client.post(link, answers_for(talk))

    items = feedback.feedback_items_for(talk=talk)
    assert "How comfortable would you be recommending ketamine-assisted therapy" in form
    assert sent.status_code == 302
    assert sent.url == "/feedback/thanks/"
    assert list(FeedbackResponse.objects.values_list("talk", "clarity", "usefulness")) == [
        (talk.pk, 4, 5)
    ]
    assert FeedbackResponse.objects.get().answered_on == timezone.localdate()
    assert sorted(FeedbackAnswer.objects.values_list("item", "before", "now")) == [
        (item.pk, 2, 4) for item in items
    ]


def test_a_link_works_once_and_then_says_so_clearly(client):
    talk = past_talk()
    link = link_for(talk)

    first = client.post(link, answers_for(talk))
    second = client.post(link, answers_for(talk))
    opened_again = client.get(link)

    assert first.status_code == 302
    assert (second.status_code, opened_again.status_code) == (404, 404)
    assert "This feedback link does not work" in opened_again.content.decode()
    assert FeedbackResponse.objects.count() == 1


@pytest.mark.parametrize("token", ["unknown-token", "%00", "a" * 600])
def test_an_unknown_or_garbled_link_is_a_clear_page_not_an_error(client, token):
    answers = [client.get(f"/feedback/{token}/"), client.post(f"/feedback/{token}/", {})]

    assert [a.status_code for a in answers] == [404, 404]


def test_an_unknown_link_says_clearly_that_it_does_not_work(client):
    answer = client.get("/feedback/unknown-token/")

    assert answer.status_code == 404
    assert "Each feedback link works once, for 30 days after the talk." in answer.content.decode()


def test_a_link_stops_working_thirty_days_after_the_talk(client):
    talk = TalkFactory(start=timezone.now() - timedelta(days=31))
    link = link_for(talk)

    answer = client.post(link, answers_for(talk))

    assert answer.status_code == 404
    assert FeedbackResponse.objects.count() == 0
    assert feedback.feedback_links_expire() == 1


def test_missing_or_off_scale_answers_are_shown_under_their_fields_and_nothing_is_saved(client):
    talk = past_talk()
    link = link_for(talk)
    item = feedback.feedback_items_for(talk=talk)[0]

    answer = client.post(link, answers_for(talk, clarity="9", **{f"now_{item.pk}": ""}))

    html = answer.content.decode()
    assert answer.status_code == 400
    assert "Select a valid choice. 9 is not one of the available choices." in html
    assert "Choose a number from 1 to 5." in html
    assert FeedbackResponse.objects.count() == 0
    assert client.post(link, answers_for(talk)).status_code == 302  # the link is not spent


def test_the_form_groups_each_scale_in_a_fieldset_with_a_legend(client):
    talk = past_talk()

    html = client.get(link_for(talk)).content.decode()

    assert html.count("<fieldset") == 2 + 3 * len(feedback.feedback_items_for(talk=talk))
    assert "<legend>How clear was the talk?" in html
    assert html.count('type="radio"') == 5 * (2 + 2 * 3)


FORBIDDEN = ("rsvp", "user", "email", "token", "ip", "person", "name", "address", "_at")


@pytest.mark.parametrize("model", [FeedbackResponse, FeedbackAnswer])
def test_no_column_or_relation_of_a_response_leads_back_to_an_rsvp_a_person_or_a_token(model):
    relations = {f.name: f.related_model for f in model._meta.get_fields() if f.is_relation}
    with connection.cursor() as cursor:
        columns = {
            c.name: c.type_code
            for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }

    allowed = {FeedbackResponse, FeedbackAnswer, FeedbackItem, Talk}
    assert set(relations.values()) <= allowed
    assert [c for c in columns for word in FORBIDDEN if word in c.split("_") or word in c] == []
    assert [f.name for f in model._meta.get_fields() if "DateTime" in type(f).__name__] == []
    # What a response's relations reach: a talk (shared by everyone at it), its answers
    # and the items asked. An item relates only to its series and to its own versions.
    item_relations = {f.related_model for f in FeedbackItem._meta.get_fields() if f.is_relation}
    assert item_relations == {Series, FeedbackItem, FeedbackAnswer}


def test_the_response_keeps_the_day_as_a_date_and_the_exact_columns():
    with connection.cursor() as cursor:
        columns = sorted(
            c.name
            for c in connection.introspection.get_table_description(
                cursor, FeedbackResponse._meta.db_table
            )
        )

    assert columns == ["answered_on", "clarity", "id", "talk_id", "usefulness"]
    assert FeedbackResponse._meta.get_field("answered_on").get_internal_type() == "DateField"


@pytest.mark.postgres  # reads the rows' physical order (ctid)
def test_tokens_are_stored_as_hashes_in_an_order_unrelated_to_the_recipients():
    talk = past_talk()

    urls = feedback.feedback_links_issue(talk=talk, count=20)

    from outreach.models import FeedbackToken

    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash FROM outreach_feedbacktoken ORDER BY ctid")
        stored = [row[0] for row in cursor.fetchall()]
    hashes = [feedback._hash(url.rstrip("/").rsplit("/", 1)[1]) for url in urls]
    assert sorted(stored) == sorted(hashes)
    assert stored == sorted(hashes)  # written in hash order, not the emails' order
    assert [f.name for f in FeedbackToken._meta.get_fields()] == ["token_hash", "talk"]


def test_a_series_with_its_own_items_asks_those_and_others_ask_the_site_wide_ones():
    series, plain = SeriesFactory(), SeriesFactory()
    own = feedback.feedback_item_create(series=series, wording="Own question", position=0)

    assert feedback.feedback_items_for(talk=past_talk(series=series)) == [own]
    assert [i.series for i in feedback.feedback_items_for(talk=past_talk(series=plain))] == [
        None,
        None,
        None,
    ]


def test_an_item_with_answers_keeps_its_wording_and_an_edit_makes_a_new_version(client):
    talk = past_talk()
    client.post(link_for(talk), answers_for(talk))
    item = feedback.feedback_items_for(talk=talk)[0]
    old_wording = item.wording

    new = feedback.feedback_item_edit(
        item=item, wording="A clearer wording?", position=0, today=timezone.localdate()
    )

    item.refresh_from_db()
    assert (item.wording, item.retired_on) == (old_wording, timezone.localdate())
    assert (new.pk != item.pk, new.wording, new.previous) == (True, "A clearer wording?", item)
    assert feedback.feedback_items_for(talk=talk)[0] == new
    assert list(item.answers.values_list("before", "now")) == [(2, 4)]
    assert new.answers.count() == 0
    by_item = FeedbackAnswer.objects.values("item").annotate(before=Avg("before"), now=Avg("now"))
    assert {row["item"] for row in by_item} == {
        i.pk for i in FeedbackItem.objects.exclude(pk=new.pk)
    }


def test_an_item_without_answers_is_edited_in_place():
    FeedbackItem.objects.update(retired_on=timezone.localdate())
    item = feedback.feedback_item_create(series=None, wording="Draft", position=5)

    edited = feedback.feedback_item_edit(
        item=item, wording="Final", position=1, today=timezone.localdate()
    )

    assert (edited.pk, edited.wording, edited.position) == (item.pk, "Final", 1)
    assert FeedbackItem.objects.filter(retired_on=None).count() == 1


def test_coordinators_edit_items_on_their_page(coordinator_client):
    item = FeedbackItem.objects.filter(series=None).first()
    talk = past_talk()
    feedback.feedback_submit(
        token=link_for(talk).split("/")[2],
        clarity=3,
        usefulness=3,
        answers=[feedback.ItemAnswer(item=item, before=1, now=3)],
        today=timezone.localdate(),
    )

    page = coordinator_client.get(f"/coordinate/feedback-items/{item.pk}/").content.decode()
    coordinator_client.post(
        f"/coordinate/feedback-items/{item.pk}/", {"wording": "Reworded", "position": "0"}
    )
    listing = coordinator_client.get("/coordinate/feedback-items/").content.decode()

    assert "This question has answers already" in page
    assert "Reworded" in listing
    assert item.wording not in listing
    assert FeedbackItem.objects.get(pk=item.pk).wording == item.wording


def test_a_fourth_item_in_one_scope_is_refused_with_a_clear_error(coordinator_client):
    answer = coordinator_client.post(
        "/coordinate/feedback-items/", {"wording": "One too many", "position": "3"}
    )

    assert "A form asks at most 3 items: retire one first." in answer.content.decode()
    assert not FeedbackItem.objects.filter(wording="One too many").exists()


def test_retiring_an_item_stops_asking_it(coordinator_client):
    item = FeedbackItem.objects.filter(series=None).first()

    coordinator_client.post(f"/coordinate/feedback-items/{item.pk}/retire/")

    assert item not in feedback.feedback_items_for(talk=past_talk())


@pytest.mark.parametrize("extra_items", [0, 2])
def test_the_form_page_makes_the_same_queries_whatever_the_items(
    extra_items, client, django_assert_num_queries
):
    series = SeriesFactory()
    for n in range(extra_items):
        feedback.feedback_item_create(series=series, wording=f"Item {n}", position=n)
    talk = past_talk(series=series)
    link = link_for(talk)

    with django_assert_num_queries(2):
        client.get(link)

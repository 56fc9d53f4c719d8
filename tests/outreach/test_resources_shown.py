"""Resources are shown on their topics' pages and on those topics' talks' pages, and a
change to one reaches the pages kept in the shared cache at once."""

from datetime import date

import pytest

from notifications.preferences import email_settings_current
from outreach.services.resources import resource_create, resource_delete, resource_update
from tests.factories import ResourceFactory, SpeakerFactory, TalkFactory, TopicFactory


def shown(response) -> list[tuple]:
    return [
        (resource.title, str(resource.kind), resource.source)
        for resource in response.context["topic_resources"]
    ]


@pytest.mark.django_db
def test_a_topic_page_shows_its_resources_and_no_others(client):
    sleep, ptsd = TopicFactory(name="Sleep"), TopicFactory(name="PTSD")
    ResourceFactory(title="Sleep and mood", source="NIMH", topics=[sleep])
    ResourceFactory(
        title="A crisis line", source="988 Lifeline", kind="support", topics=[sleep, ptsd]
    )
    ResourceFactory(title="Only about PTSD", topics=[ptsd])

    response = client.get("/topics/sleep/")

    assert shown(response) == [
        ("A crisis line", "Support line", "988 Lifeline"),
        ("Sleep and mood", "Plain-language guide", "NIMH"),
    ]
    page = response.content.decode()
    assert '<h2 id="resources-heading">Reading to take home</h2>' in page
    assert '<a href="https://guides.example.org/' in page


@pytest.mark.django_db
def test_a_talk_page_shows_its_topics_resources_each_once(client):
    sleep, ptsd, other = TopicFactory(name="Sleep"), TopicFactory(name="PTSD"), TopicFactory()
    talk = TalkFactory(topics=[sleep, ptsd])
    ResourceFactory(title="Both topics", source="NIMH", topics=[sleep, ptsd])
    ResourceFactory(title="A research review", source="A journal", kind="research", topics=[ptsd])
    ResourceFactory(title="Another topic's", topics=[other])

    response = client.get(talk.get_absolute_url())

    assert shown(response) == [
        ("A research review", "Research paper", "A journal"),
        ("Both topics", "Plain-language guide", "NIMH"),
    ]


@pytest.mark.django_db
def test_a_page_without_resources_has_no_reading_section(client):
    talk = TalkFactory(topics=[TopicFactory(name="Sleep")])

    page = client.get(talk.get_absolute_url()).content.decode()

    assert "Reading to take home" not in page


@pytest.mark.django_db
def test_the_kind_is_shown_in_the_readers_language(client):
    topic = TopicFactory(name="Sleep")
    ResourceFactory(topics=[topic], kind="support")

    page = client.get("/topics/sleep/", headers={"accept-language": "es"}).content.decode()

    assert "Línea de apoyo" in page


@pytest.mark.django_db
@pytest.mark.parametrize("resources", [1, 10])
def test_a_topic_page_query_count_does_not_grow_with_resources(
    client, django_assert_num_queries, resources
):
    topic = TopicFactory(name="Sleep")
    TalkFactory(topics=[topic])
    ResourceFactory.create_batch(resources, topics=[topic])

    # the topic, its resources (outreach's, through events.hooks), the longest talk (the
    # upcoming window), the page of talks, their topics, the past talks, the next end
    with django_assert_num_queries(7):
        response = client.get("/topics/sleep/")
    with django_assert_num_queries(0):  # kept, and current
        client.get("/topics/sleep/")

    assert len(response.context["topic_resources"]) == resources


def resource_fields(topic) -> dict:
    return {
        "title": "A new guide to sleep",
        "source": "NIMH",
        "link": "https://www.nimh.nih.gov/health/topics/sleep",
        "summary": "Sleep and mood, explained.",
        "kind": "guide",
        "reviewed_on": date(2026, 11, 1),
        "topics": [topic],
    }


@pytest.mark.django_db
def test_a_kept_topic_page_shows_a_new_edited_or_deleted_resource_at_once(
    client, django_assert_num_queries
):
    topic = TopicFactory(name="Sleep")
    client.get("/topics/sleep/")
    with django_assert_num_queries(0):  # the page is kept
        client.get("/topics/sleep/")

    resource = resource_create(**resource_fields(topic))
    added = client.get("/topics/sleep/").content.decode()
    resource_update(resource=resource, title="Sleep, mood and ketamine")
    renamed = client.get("/topics/sleep/").content.decode()
    resource_delete(resource=resource)
    deleted = client.get("/topics/sleep/").content.decode()

    assert "A new guide to sleep" in added
    assert ("A new guide to sleep" in renamed, "Sleep, mood and ketamine" in renamed) == (
        False,
        True,
    )
    assert "Reading to take home" not in deleted


@pytest.mark.django_db
def test_a_kept_talk_page_shows_a_new_resource_at_once(client):
    topic = TopicFactory(name="Sleep")
    talk = TalkFactory(topics=[topic], speakers=[SpeakerFactory()])
    email_settings_current()
    client.get(talk.get_absolute_url())

    resource_create(**resource_fields(topic))
    page = client.get(talk.get_absolute_url()).content.decode()

    assert "A new guide to sleep" in page

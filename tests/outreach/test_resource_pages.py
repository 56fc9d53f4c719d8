"""The coordinator's pages for reading to take home: list, new, edit, delete; bad input
gets a clear error under its field and changes nothing; only coordinators get in."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from outreach.models import Resource
from outreach.resource_forms import LINK_INVALID
from tests.conftest import NEVER_STORED
from tests.factories import CoordinatorFactory, ResourceFactory, TopicFactory, UserFactory

LIST = "/coordinate/resources/"
NEW = "/coordinate/resources/new/"
NOT_A_KIND = "Select a valid choice. podcast is not one of the available choices."


def resource_data(topic, **changes) -> dict:
    """A valid form for a resource about `topic`."""
    return {
        "title": "Ketamine treatment: a guide for families",
        "source": "Mind the Gap Clinic",
        "link": "https://guides.example.org/ketamine-families",
        "summary": "What a course of treatment looks like, week by week.",
        "kind": "guide",
        "reviewed_on": "2026-10-01",
        "topics": [str(topic.pk)],
        **changes,
    }


@pytest.fixture
def coordinator_client(client, db):
    client.force_login(CoordinatorFactory())
    return client


def stored(resource: Resource) -> tuple:
    return (
        resource.title,
        resource.source,
        resource.link,
        resource.summary,
        resource.kind,
        resource.reviewed_on,
        [topic.slug for topic in resource.topics.all()],
    )


def test_a_coordinator_adds_a_resource_for_topics(coordinator_client):
    sleep, ptsd = TopicFactory(name="Sleep"), TopicFactory(name="PTSD")

    response = coordinator_client.post(NEW, resource_data(sleep, topics=[sleep.pk, ptsd.pk]))

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert [stored(resource) for resource in Resource.objects.all()] == [
        (
            "Ketamine treatment: a guide for families",
            "Mind the Gap Clinic",
            "https://guides.example.org/ketamine-families",
            "What a course of treatment looks like, week by week.",
            "guide",
            date(2026, 10, 1),
            ["ptsd", "sleep"],
        )
    ]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.org/guide.pdf",
        "file:///etc/passwd",
        "not a link",
    ],
)
def test_a_link_that_is_not_http_is_refused_under_its_field(coordinator_client, link):
    topic = TopicFactory()

    response = coordinator_client.post(NEW, resource_data(topic, link=link))

    assert response.status_code == 400
    assert response.context["form"].errors == {"link": [str(LINK_INVALID)]}
    assert str(LINK_INVALID).replace("'", "&#x27;") in response.content.decode()
    assert Resource.objects.count() == 0


def test_a_link_without_scheme_is_taken_as_https(coordinator_client):
    topic = TopicFactory()

    coordinator_client.post(NEW, resource_data(topic, link="guides.example.org/sleep"))

    assert Resource.objects.get().link == "https://guides.example.org/sleep"


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"kind": "podcast"}, {"kind": [NOT_A_KIND]}),
        ({"topics": []}, {"topics": ["Choose at least one topic."]}),
        ({"title": ""}, {"title": ["This field is required."]}),
        ({"reviewed_on": "yesterday"}, {"reviewed_on": ["Enter a valid date."]}),
    ],
)  # fmt: skip
def test_bad_input_is_refused_under_its_field_and_nothing_is_saved(
    coordinator_client, changes, errors
):
    topic = TopicFactory()

    response = coordinator_client.post(NEW, resource_data(topic, **changes))

    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert Resource.objects.count() == 0


def test_a_coordinator_edits_a_resource_and_a_new_link_forgets_the_last_check(
    coordinator_client,
):
    topic = TopicFactory()
    resource = ResourceFactory(
        topics=[topic], link_status=404, link_broken=True, link_checked_at=timezone.now()
    )
    url = reverse("coordinator_resource_edit", kwargs={"pk": resource.pk})

    response = coordinator_client.post(
        url, resource_data(topic, title="Sleep and mood", link="https://new.example.org/")
    )

    resource.refresh_from_db()
    assert response.status_code == 302
    assert (resource.title, resource.link) == ("Sleep and mood", "https://new.example.org/")
    assert (resource.link_status, resource.link_broken, resource.link_checked_at) == (
        None,
        False,
        None,
    )


def test_an_edit_keeping_the_link_keeps_the_last_check(coordinator_client):
    topic = TopicFactory()
    resource = ResourceFactory(topics=[topic], link_status=404, link_broken=True)
    url = reverse("coordinator_resource_edit", kwargs={"pk": resource.pk})

    coordinator_client.post(url, resource_data(topic, link=resource.link, title="Renamed"))

    resource.refresh_from_db()
    assert (resource.title, resource.link_status, resource.link_broken) == ("Renamed", 404, True)


def test_a_refused_edit_changes_nothing(coordinator_client):
    topic = TopicFactory()
    resource = ResourceFactory(topics=[topic])
    before = stored(resource)
    url = reverse("coordinator_resource_edit", kwargs={"pk": resource.pk})

    response = coordinator_client.post(url, resource_data(topic, link="javascript:alert(1)"))

    resource.refresh_from_db()
    assert response.status_code == 400
    assert stored(resource) == before


def test_a_coordinator_deletes_a_resource(coordinator_client):
    resource = ResourceFactory(topics=[TopicFactory()])
    kept = ResourceFactory(topics=[TopicFactory()])

    response = coordinator_client.post(
        reverse("coordinator_resource_delete", kwargs={"pk": resource.pk})
    )

    assert response.status_code == 302
    assert list(Resource.objects.all()) == [kept]


def test_the_list_shows_every_resource_or_only_the_broken_ones(coordinator_client):
    topic = TopicFactory(name="Sleep")
    ResourceFactory(title="Working guide", topics=[topic], link_status=200)
    ResourceFactory(title="Gone guide", topics=[topic], link_status=404, link_broken=True)

    every = coordinator_client.get(LIST)
    broken = coordinator_client.get(LIST + "?broken=1")

    assert [r.title for r in every.context["page"]] == ["Gone guide", "Working guide"]
    assert [r.title for r in broken.context["page"]] == ["Gone guide"]
    assert "Broken (HTTP 404)" in broken.content.decode()
    assert every["Cache-Control"] == NEVER_STORED


@pytest.mark.parametrize("resources", [1, 12])
def test_the_list_query_count_does_not_grow(
    coordinator_client, django_assert_num_queries, resources
):
    topics = TopicFactory.create_batch(3)
    ResourceFactory.create_batch(resources, topics=topics)

    # session, user, Coordinators check (view), the count (pagination), Coordinators check
    # (navigation), the page, its topics
    with django_assert_num_queries(7):
        response = coordinator_client.get(LIST)

    assert len(response.context["page"]) == resources


ROUTES = [
    ("get", LIST),
    ("get", NEW),
    ("post", NEW),
    ("get", "edit"),
    ("post", "edit"),
    ("post", "delete"),
]


def route_url(name: str, resource: Resource) -> str:
    if name in ("edit", "delete"):
        return reverse(f"coordinator_resource_{name}", kwargs={"pk": resource.pk})
    return name


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name"), ROUTES)
def test_people_who_are_not_coordinators_get_nothing_and_change_nothing(client, method, name):
    topic = TopicFactory()
    resource = ResourceFactory(topics=[topic])
    before = [stored(r) for r in Resource.objects.all()]
    url = route_url(name, resource)
    send = getattr(client, method)

    anonymous = send(url, resource_data(topic) if method == "post" else None)
    client.force_login(UserFactory())
    member = send(url, resource_data(topic) if method == "post" else None)

    assert (anonymous.status_code, anonymous["Location"].split("?")[0]) == (302, "/accounts/login/")
    assert member.status_code == 403
    assert [stored(r) for r in Resource.objects.all()] == before

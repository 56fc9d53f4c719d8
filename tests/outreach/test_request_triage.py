"""Coordinators triage requests: only the allowed moves, a decline needs its message,
every change is recorded with who and when; the requester's status page shows the state
and what they were told, never a note, an assignee or an address."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from notifications.models import OutgoingEmail
from outreach.models import TalkRequest
from outreach.request_tokens import talk_request_status_token
from outreach.services import requests as services
from tests.factories import CoordinatorFactory, TalkRequestFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def status_path(talk_request) -> str:
    return f"/request-a-talk/status/{talk_request_status_token(request_id=talk_request.pk)}/"


def history(talk_request):
    return list(talk_request.changes.values_list("action", "by__email", "old_value", "new_value"))


def test_a_coordinator_moves_a_new_request_to_discussion_assigns_it_and_notes_it(
    coordinator_client, coordinator
):
    talk_request = TalkRequestFactory()
    colleague = CoordinatorFactory(email="sam.coord@example.org")

    response = coordinator_client.post(
        f"/coordinate/requests/{talk_request.pk}/",
        {"state": "in_discussion", "assignee": colleague.pk, "internal_note": "Call on Monday"},
    )

    talk_request.refresh_from_db()
    assert response.status_code == 302
    assert (talk_request.state, talk_request.assignee, talk_request.internal_note) == (
        "in_discussion",
        colleague,
        "Call on Monday",
    )
    assert history(talk_request) == [
        ("state", coordinator.email, "new", "in_discussion"),
        ("assignee", coordinator.email, "", "sam.coord@example.org"),
        ("note", coordinator.email, "", "Call on Monday"),
    ]
    page = coordinator_client.get(f"/coordinate/requests/{talk_request.pk}/").content.decode()
    assert "Call on Monday" in page
    assert "In discussion" in page


@pytest.mark.parametrize(
    ("state", "to"),
    [("in_discussion", "new"), ("new", "scheduled"), ("new", "declined"), ("declined", "new")],
)
def test_a_move_the_request_cannot_make_is_refused_and_changes_nothing(
    coordinator_client, state, to
):
    talk_request = TalkRequestFactory(
        state=state, closed_at=timezone.now() if state == "declined" else None
    )

    response = coordinator_client.post(
        f"/coordinate/requests/{talk_request.pk}/", {"state": to, "internal_note": ""}
    )

    assert response.status_code == 400
    assert "state" in response.context["form"].errors
    assert TalkRequest.objects.get().state == state
    assert history(talk_request) == []


def test_the_service_refuses_a_move_its_form_would_not_offer():
    talk_request = TalkRequestFactory(state="in_discussion")

    with pytest.raises(services.ValidationError):
        services.talk_request_triage(
            talk_request=talk_request,
            by=CoordinatorFactory(),
            state="new",
            assignee=None,
            internal_note="",
        )


def test_only_a_coordinator_can_be_assigned():
    talk_request = TalkRequestFactory()

    with pytest.raises(services.ValidationError):
        services.talk_request_triage(
            talk_request=talk_request,
            by=CoordinatorFactory(),
            state="new",
            assignee=UserFactory(),
            internal_note="",
        )
    assert TalkRequest.objects.get().assignee is None


def test_declining_needs_a_message_and_without_one_changes_nothing(coordinator_client):
    talk_request = TalkRequestFactory()

    response = coordinator_client.post(
        f"/coordinate/requests/{talk_request.pk}/decline/", {"message": ""}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"message": ["This field is required."]}
    assert (TalkRequest.objects.get().state, OutgoingEmail.objects.count()) == ("new", 0)


def test_declining_closes_the_request_and_emails_the_message_to_the_requester(
    coordinator_client, coordinator
):
    talk_request = TalkRequestFactory(organisation="Hillside School")

    coordinator_client.post(
        f"/coordinate/requests/{talk_request.pk}/decline/", {"message": "Try the youth service."}
    )

    talk_request.refresh_from_db()
    email = OutgoingEmail.objects.get()
    assert (talk_request.state, talk_request.closed_at is not None) == ("declined", True)
    assert (email.recipient, email.kind, email.context["message"]) == (
        talk_request.contact_email,
        "talk_request_declined",
        "Try the youth service.",
    )
    assert history(talk_request) == [("declined", coordinator.email, "new", "declined")]
    again = coordinator_client.post(
        f"/coordinate/requests/{talk_request.pk}/decline/", {"message": "Again"}
    )
    assert again.status_code == 400
    assert OutgoingEmail.objects.count() == 1


def test_a_closed_request_cannot_be_scheduled(coordinator_client):
    talk_request = TalkRequestFactory(state="declined", closed_at=timezone.now())

    response = coordinator_client.get(f"/coordinate/requests/{talk_request.pk}/schedule/")

    assert response["Location"] == f"/coordinate/requests/{talk_request.pk}/"


def test_the_status_page_shows_state_and_messages_but_no_note_assignee_or_address(client):
    assignee = CoordinatorFactory(email="assignee.coord@example.org")
    talk_request = TalkRequestFactory(
        organisation="Hillside School", internal_note="Secret: board is divided"
    )
    by = CoordinatorFactory()
    services.talk_request_triage(
        talk_request=talk_request,
        by=by,
        state="in_discussion",
        assignee=assignee,
        internal_note="Secret: board is divided",
    )
    services.talk_request_decline(
        talk_request=talk_request, by=by, message="Try the youth service."
    )

    page = client.get(status_path(talk_request)).content.decode()

    assert "<strong>Declined</strong>" in page
    assert "Try the youth service." in page
    for hidden in (
        "Secret: board",
        "assignee.coord@example.org",
        by.email,
        talk_request.contact_email,
        talk_request.contact_name,
    ):
        assert hidden not in page


@pytest.mark.parametrize(
    "token",
    [
        "abc%00def",
        "garbage",
        "eyJyZXF1ZXN0IjoxfQ:1uAbCd:forged-signature",
        "a" * 600,
        "%E2%80%AE",
    ],
)
def test_a_bad_status_token_is_a_404(client, token):
    TalkRequestFactory()

    assert client.get(f"/request-a-talk/status/{token}/").status_code == 404


def test_a_status_token_of_another_purpose_opens_nothing(client):
    talk_request = TalkRequestFactory()
    other = signing.dumps({"request": talk_request.pk}, salt="outreach.talk-request.shown")

    assert client.get(f"/request-a-talk/status/{other}/").status_code == 404


def test_the_status_page_costs_the_same_queries_with_a_long_history(
    client, django_assert_num_queries
):
    short, long = TalkRequestFactory(), TalkRequestFactory()
    by = CoordinatorFactory()
    for number in range(10):
        services.talk_request_triage(
            talk_request=long, by=by, state=long.state, assignee=None, internal_note=str(number)
        )

    for talk_request in (short, long):
        with django_assert_num_queries(3):
            client.get(status_path(talk_request))


def test_the_list_filters_by_state(coordinator_client):
    TalkRequestFactory(organisation="Alpha Group")
    TalkRequestFactory(organisation="Beta Group", state="in_discussion")

    page = coordinator_client.get("/coordinate/requests/?state=in_discussion").content.decode()

    assert "Beta Group" in page
    assert "Alpha Group" not in page


def test_the_list_and_detail_cost_the_same_queries_at_two_sizes(
    coordinator_client, django_assert_num_queries
):
    topics = TopicFactory.create_batch(2)

    def grow(count):
        for _ in range(count):
            talk_request = TalkRequestFactory(
                assignee=CoordinatorFactory(), created_at=timezone.now() - timedelta(days=2)
            )
            talk_request.topics.set(topics)
            talk_request.preferred_dates.create(day=timezone.localdate())

    grow(2)
    with django_assert_num_queries(6) as small:
        coordinator_client.get("/coordinate/requests/")
    detail = TalkRequest.objects.first()
    with django_assert_num_queries(9):
        coordinator_client.get(f"/coordinate/requests/{detail.pk}/")
    grow(20)
    with django_assert_num_queries(len(small.captured_queries)):
        coordinator_client.get("/coordinate/requests/")

"""The public request form: bad input and spam are refused with a clear message, and
then nothing is saved and no email is queued."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import OutgoingEmail
from outreach.models import PreferredDate, TalkRequest
from tests.factories import TopicFactory
from tests.outreach.helpers import request_data

pytestmark = pytest.mark.django_db


def nothing_stored() -> bool:
    return (TalkRequest.objects.count(), OutgoingEmail.objects.count()) == (0, 0)


def test_a_good_request_is_saved_with_its_dates_and_topics_and_acknowledged(client):
    topics = [TopicFactory(), TopicFactory()]
    data = request_data(topics=[t.pk for t in topics], time_2="")

    response = client.post("/request-a-talk/", data)

    talk_request = TalkRequest.objects.get()
    assert response["Location"] == "/request-a-talk/sent/"
    assert (talk_request.state, talk_request.contact_email) == (
        "new",
        "robin@riverside.example.org",
    )
    assert set(talk_request.topics.all()) == set(topics)
    assert [
        (d.day.isoformat()[5:], d.time and d.time.isoformat()) for d in PreferredDate.objects.all()
    ] == [
        ("03-12", "18:30:00"),
        ("03-19", None),
    ]
    assert list(OutgoingEmail.objects.values_list("recipient", "kind", "key")) == [
        (
            "robin@riverside.example.org",
            "talk_request_received",
            f"talk-request-{talk_request.pk}:talk_request_received",
        )
    ]
    assert list(talk_request.changes.values_list("action", "by")) == [("submitted", None)]


def test_the_form_page_names_every_field_and_hides_the_trap(client):
    page = client.get("/request-a-talk/").content.decode()

    assert '<div hidden>\n      <label for="id_website">' in page
    assert 'name="shown"' in page
    assert page.count('type="date"') == 3


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("contact_email", "not-an-address", "Enter a valid email address."),
        ("audience_size", "0", "Ensure this value is greater than or equal to 1."),
        ("date_1", "", "This field is required."),
        ("date_1", "2027-02-30", "Enter a valid date."),
        ("address", "", "Give the address for a talk in person."),
        ("organisation", "", "This field is required."),
    ],
)
def test_bad_input_is_shown_under_its_field_and_nothing_is_saved(client, field, value, error):
    response = client.post("/request-a-talk/", request_data(**{field: value}))

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [error]}
    assert nothing_stored()


def test_a_time_without_its_date_is_refused_under_the_date(client):
    response = client.post("/request-a-talk/", request_data(date_2="", time_2="10:00"))

    assert response.context["form"].errors == {"date_2": ["Give the date for this time."]}
    assert nothing_stored()


def test_an_online_request_needs_no_address_and_keeps_none(client):
    client.post("/request-a-talk/", request_data(format="online", address="Somewhere"))

    assert TalkRequest.objects.get().address == ""


def test_a_filled_in_trap_field_is_refused_and_nothing_is_saved(client):
    response = client.post("/request-a-talk/", request_data(website="https://spam.example"))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This form could not be sent. Nothing was saved."
    ]
    assert nothing_stored()


@pytest.mark.parametrize(
    "shown",
    [
        lambda: request_data(shown_at=timezone.now() - timedelta(seconds=2))["shown"],
        lambda: "",
        lambda: "1700000000.0",
        lambda: "bm90IG91cnM:1uAbCd:forged",
    ],
    ids=["two seconds after it was shown", "no stamp", "an unsigned stamp", "a forged stamp"],
)
def test_a_form_sent_too_fast_is_refused_with_a_clear_message_and_nothing_saved(client, shown):
    response = client.post("/request-a-talk/", request_data(shown=shown()))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "That was sent very quickly, so we could not tell it from an automated message. "
        "Nothing was saved: please check the form and send it again."
    ]
    assert nothing_stored()


def test_a_form_shown_again_after_too_fast_can_be_sent_once_time_has_passed(client, settings):
    settings.TALK_REQUEST_MIN_FILL_SECONDS = 0
    refused = client.post("/request-a-talk/", request_data(shown=""))
    fresh = refused.context["form"]["shown"].value()

    client.post("/request-a-talk/", request_data(shown=fresh))

    assert TalkRequest.objects.count() == 1


def test_past_the_per_client_limit_a_request_gets_429_and_nothing_is_saved(client, settings):
    settings.TALK_REQUESTS_PER_IP_PER_HOUR = 2
    for number in range(2):
        client.post("/request-a-talk/", request_data(organisation=f"Group {number}"))

    response = client.post("/request-a-talk/", request_data(organisation="Group 3"))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Nothing was saved and no email was sent." in response.content.decode()
    assert sorted(TalkRequest.objects.values_list("organisation", flat=True)) == [
        "Group 0",
        "Group 1",
    ]
    assert OutgoingEmail.objects.count() == 2


def test_the_limit_counts_per_client_address(client, settings):
    settings.TALK_REQUESTS_PER_IP_PER_HOUR = 1
    client.post("/request-a-talk/", request_data(), REMOTE_ADDR="192.0.2.1")

    other = client.post("/request-a-talk/", request_data(), REMOTE_ADDR="192.0.2.2")

    assert other.status_code == 302
    assert TalkRequest.objects.count() == 2

"""The account page (/me/): name, password, addresses, data and talks in one place."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from events import services
from tests.events.test_account_pages import Fields
from tests.factories import RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    member = UserFactory(email="robin@example.org", first_name="Robin")
    client.force_login(member)
    return member


def test_account_page_shows_name_addresses_talks_and_links_to_data_and_password(client, member):
    EmailAddress.objects.create(user=member, email="robin.work@example.org")
    RsvpFactory(user=member, email=member.email, talk=TalkFactory(title="Ketamine and grief"))
    RsvpFactory(email=member.email, talk=TalkFactory(start=timezone.now() - timedelta(days=3)))

    html = client.get("/me/").content.decode()

    assert 'value="Robin"' in html
    assert "robin@example.org · Confirmed · Main address" in html
    assert "robin.work@example.org · Not confirmed yet" in html
    assert "You have 1 talk coming up." in html
    assert "Ketamine and grief" in html
    for url in ["/accounts/password/change/", "/accounts/email/", "/me/talks/", "/me/data/"]:
        assert f'href="{url}"' in html
    assert 'href="/me/data/?format=json"' in html
    assert 'href="/me/data/#delete-heading"' in html


def test_account_page_with_no_talks_to_come_says_what_to_do(client, member):
    html = client.get("/me/").content.decode()

    assert '<p class="empty-state">You have no RSVPs for talks to come.' in html


def test_account_page_lists_three_talks_and_counts_them_all(client, member):
    for day in range(1, 6):
        talk = TalkFactory(title=f"Talk on day {day}", start=timezone.now() + timedelta(days=day))
        RsvpFactory(user=member, email=member.email, talk=talk)

    html = client.get("/me/").content.decode()

    assert "You have 5 talks coming up." in html
    assert [f"Talk on day {day}" in html for day in range(1, 6)] == [True] * 3 + [False] * 2


def test_member_changes_their_name_and_new_rsvps_start_with_it(client, member):
    response = client.post("/me/", {"name": "  Robin Q.  "})
    account_page = client.get("/me/").content.decode()
    talk_page = client.get(TalkFactory().get_absolute_url()).content.decode()

    member.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert member.first_name == "Robin Q."
    assert 'value="Robin Q."' in talk_page
    assert "Your name is saved." in account_page


def test_a_name_with_markup_is_refused_under_the_field_and_nothing_changes(client, member):
    response = client.post("/me/", {"name": "<b>Robin</b>"})

    html = response.content.decode()
    member.refresh_from_db()
    field = Fields(html).of("name")
    assert response.status_code == 400
    assert ("id_name_error" in field["ids"], member.first_name) == (True, "Robin")
    assert "id_name_error" in field["described_by"]["name"]


def test_a_name_left_empty_leaves_the_account_without_one(client, member):
    client.post("/me/", {"name": ""})

    member.refresh_from_db()
    assert member.first_name == ""


def test_renaming_leaves_rsvps_already_made_with_their_name(member):
    rsvp = RsvpFactory(user=member, email=member.email, name="Robin")

    services.member_rename(member=member, name="R.")

    rsvp.refresh_from_db()
    assert (member.first_name, rsvp.name) == ("R.", "Robin")


def test_account_page_needs_a_login(client):
    response = client.get("/me/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/me/")


@pytest.mark.parametrize(("talks", "addresses"), [(1, 1), (6, 4)])
def test_account_page_queries_do_not_grow_with_talks_or_addresses(
    client, member, django_assert_num_queries, talks, addresses
):
    for _n in range(talks):
        RsvpFactory(user=member, email=member.email)
    for n in range(addresses - 1):
        EmailAddress.objects.create(user=member, email=f"robin{n}@example.org")

    # session, user, coordinator or not (the header), the count of talks to come, the
    # addresses, the talks shown
    with django_assert_num_queries(6):
        response = client.get("/me/")

    assert response.status_code == 200


def test_a_members_name_is_in_their_data_and_its_export(client, member):
    page = client.get("/me/data/").content.decode()
    export = client.get("/me/data/", {"format": "json"}).json()

    assert "Its name: Robin." in page
    assert export["account"]["name"] == "Robin"

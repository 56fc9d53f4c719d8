"""Public pages kept for anonymous visitors: what they show is always current, and
nothing one visitor sees reaches another."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.test import Client

from events import services
from events.models import Talk
from events.page_cache import CSRF_PLACEHOLDER
from tests.factories import (
    CoordinatorFactory,
    RsvpFactory,
    SpeakerFactory,
    TalkFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def token_in(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html(response)).group(1)


def as_superuser(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_seat_taken_shows_at_once_on_a_page_already_kept(client):
    talk = TalkFactory(capacity=5)
    client.get("/"), client.get(talk.get_absolute_url())  # both kept now

    RsvpFactory(talk=talk)

    assert "4 seats left" in html(client.get("/"))
    assert "4 seats left" in html(client.get(talk.get_absolute_url()))


def test_a_topic_renamed_in_the_admin_shows_at_once_on_kept_pages(client):
    topic = TopicFactory(name="PTSD", slug="ptsd")
    talk = TalkFactory(topics=[topic])
    anonymous = Client()
    anonymous.get("/"), anonymous.get(talk.get_absolute_url())

    as_superuser(client).post(
        f"/admin/events/topic/{topic.pk}/change/", {"name": "Trauma and PTSD", "slug": "ptsd"}
    )

    assert "Trauma and PTSD" in html(anonymous.get("/"))
    assert "Trauma and PTSD" in html(anonymous.get(talk.get_absolute_url()))


def test_a_speaker_renamed_in_the_admin_shows_at_once_on_the_talk_page(client):
    speaker = SpeakerFactory(name="Dr. Old Name")
    talk = TalkFactory(speakers=[speaker])
    anonymous = Client()
    anonymous.get(talk.get_absolute_url())

    as_superuser(client).post(
        f"/admin/events/speaker/{speaker.pk}/change/", {"name": "Dr. New Name", "bio": ""}
    )

    assert "Dr. New Name" in html(anonymous.get(talk.get_absolute_url()))


def test_an_edit_through_the_coordinator_pages_shows_at_once(client):
    talk = TalkFactory(title="Before")
    client.get(talk.get_absolute_url())

    services.talk_update(talk=talk, by=CoordinatorFactory(), title="After")

    assert "After" in html(client.get(talk.get_absolute_url()))


def test_the_discreet_default_changed_by_a_coordinator_shows_on_kept_talk_pages(client):
    talk = TalkFactory()
    before = html(client.get(talk.get_absolute_url()))

    services.email_settings_change(
        footer="", discreet_by_default=True, discreet_sender_name="Events"
    )
    after = html(client.get(talk.get_absolute_url()))

    box = r'<input type="checkbox" name="discreet_emails"[^>]*>'
    assert "checked" not in re.search(box, before).group(0)
    assert "checked" in re.search(box, after).group(0)


def test_each_visitor_gets_their_own_csrf_token_and_it_works():
    talk = TalkFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(talk.get_absolute_url())

    page = second.get(talk.get_absolute_url())
    posted = second.post(
        f"/talks/{talk.slug}/rsvp/",
        {"csrfmiddlewaretoken": token_in(page), "name": "Sam", "email": "sam@example.org"},
    )

    assert CSRF_PLACEHOLDER not in html(page)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert posted.status_code == 302


def test_a_member_never_gets_the_anonymous_page_nor_leaves_theirs_behind(client):
    talk = TalkFactory()
    member = UserFactory(first_name="Robin")
    anonymous = Client()
    anonymous.get(talk.get_absolute_url())
    client.force_login(member)
    services.rsvp_create(talk=talk, email=member.email, name="Robin", user=member)

    theirs = html(client.get(talk.get_absolute_url()))
    others = html(anonymous.get(talk.get_absolute_url()))

    assert 'id="your-rsvp"' in theirs
    assert "Robin" not in others
    assert member.email not in others
    assert "Log in" in others


def test_a_flash_message_is_shown_to_its_visitor_only(client):
    talk = TalkFactory()
    guest = Client()
    guest.post(f"/talks/{talk.slug}/rsvp/", {"name": "Sam", "email": "sam@example.org"})
    guest_page = guest.get(talk.get_absolute_url())

    other = Client().get(talk.get_absolute_url())

    assert "Please check your email" in html(guest_page)
    assert "Please check your email" not in html(other)
    assert list(get_messages(other.wsgi_request)) == []


def test_the_spanish_page_is_kept_apart_from_the_english_one():
    talk = TalkFactory()
    english = Client().get(talk.get_absolute_url())

    spanish = Client(headers={"accept-language": "es"}).get(talk.get_absolute_url())

    assert '<html lang="en">' in html(english)
    assert '<html lang="es">' in html(spanish)


def test_an_rsvp_for_one_talk_leaves_another_talks_kept_page_alone(
    client, django_assert_num_queries
):
    shown, other = TalkFactory(capacity=5), TalkFactory(capacity=5)
    client.get(shown.get_absolute_url())

    RsvpFactory(talk=other)

    with django_assert_num_queries(0):
        again = client.get(shown.get_absolute_url())
    assert "5 seats left" in html(again)
    assert "4 seats left" in html(client.get(other.get_absolute_url()))


def test_recounting_talks_in_bulk_retires_every_kept_page(client):
    talk = TalkFactory(capacity=5)
    client.get(talk.get_absolute_url())
    RsvpFactory.build(talk=talk).save()  # past the services: the counters do not know

    services.talks_seats_recount(Talk.objects.all())

    assert "4 seats left" in html(client.get(talk.get_absolute_url()))


@pytest.mark.parametrize(
    "query", ["?utm_source=x", "?page=2&", "?page=02", "?page=2&page=3", "?topic=ptsd", "?q=%00"]
)
def test_a_made_up_query_string_is_rendered_afresh_and_never_kept(client, query):
    """Nobody can fill the cache with pages of invented addresses, nor have an address
    of theirs shown in a page someone else gets."""
    TalkFactory()

    client.get("/" + query)

    assert [key for key in caches["pages"]._cache if ":page:" in key] == []


def test_the_plain_home_page_and_its_numbered_pages_are_kept(client):
    TalkFactory.create_batch(21)  # two pages

    client.get("/"), client.get("/?page=2")

    assert len([key for key in caches["pages"]._cache if ":page:" in key]) == 2


def test_a_talk_that_does_not_exist_leaves_nothing_in_the_cache(client):
    """Made-up addresses (of any length) cannot fill the cache, not even with versions."""
    before = set(caches["pages"]._cache)

    responses = [client.get(f"/talks/nope-{n}{'a' * 5000}/") for n in range(3)]

    assert [response.status_code for response in responses] == [404] * 3
    assert set(caches["pages"]._cache) == before


def test_a_page_past_the_last_is_not_found_and_not_kept(client):
    TalkFactory()

    response = client.get("/?page=7")

    assert response.status_code == 404
    assert [key for key in caches["pages"]._cache if ":page:" in key] == []


def test_another_allowed_host_gets_its_own_kept_page(client, settings):
    settings.ALLOWED_HOSTS = ["talks.example.org", "testserver"]
    TalkFactory()
    client.get("/talks/past/", HTTP_HOST="talks.example.org")

    page = html(client.get("/talks/past/"))

    assert "talks.example.org" not in page


def test_text_on_a_page_cannot_be_given_a_visitors_csrf_token(client):
    talk = TalkFactory(
        description_html=f'<p><a href="https://slides.example.org/?ref={CSRF_PLACEHOLDER}">x</a></p>'
    )

    page = html(client.get(talk.get_absolute_url()))

    assert f"?ref={CSRF_PLACEHOLDER}" in page
    assert token_in(client.get(talk.get_absolute_url())) not in page.split("?ref=")[1][:80]


def test_with_the_cache_down_pages_are_served_as_if_nothing_were_kept(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    talk = TalkFactory()

    home, page = Client().get("/"), Client().get(talk.get_absolute_url())

    assert (home.status_code, page.status_code) == (200, 200)
    assert talk.title in html(home)

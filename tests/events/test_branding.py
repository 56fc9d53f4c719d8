"""A coordinator sets the site's branding at /coordinate/branding/; every page shows it at
once, a kept page included; bad input is a clear error and nothing is saved."""

import io
import re

import pytest
from django.test import Client
from PIL import Image

from events import services
from notifications.models import SiteBranding
from tests.factories import RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

BRANDING = {
    "organisation_name": "Larimer Wellness Collective",
    "accent_colour": "#7a1f5c",
    "about": "A nonprofit clinic in Fort Collins.",
    "contact_email": "hello@larimer.example",
    "crisis_notice": "Colorado Crisis Line: 844-493-8255, any hour.",
    "crisis_notice_everywhere": "on",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(kind: str = "PNG", size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#7a1f5c").save(out, kind)
    return out.getvalue()


def upload(content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return file


def errors(response) -> dict:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def test_saved_branding_is_shown_on_every_page(coordinator_client, media):
    response = coordinator_client.post(
        "/coordinate/branding/", {**BRANDING, "logo": upload(picture(), "../logo.png")}
    )

    assert (response.status_code, response["Location"]) == (302, "/coordinate/branding/")
    row = SiteBranding.objects.get()
    assert re.fullmatch(r"branding/[0-9a-f]{32}\.png", row.logo.name)
    page = Client().get("/").content.decode()
    assert "<title>Upcoming talks · Larimer Wellness Collective</title>" in page
    assert (
        f'<a class="site-name" href="/"><img class="site-logo" src="/media/{row.logo.name}" '
        'alt="" height="40">Larimer Wellness Collective</a>'
    ) in page
    assert "<p>A nonprofit clinic in Fort Collins.</p>" in page
    assert '<a href="mailto:hello@larimer.example">hello@larimer.example</a>' in page
    assert re.search(
        r'<aside class="crisis-notice" aria-labelledby="crisis-notice-heading">\s*'
        r'<h2 id="crisis-notice-heading">If you need help now</h2>\s*'
        r"<p>Colorado Crisis Line: 844-493-8255, any hour.</p>",
        page,
    )


def test_the_crisis_notice_stays_off_pages_until_switched_on(coordinator_client):
    coordinator_client.post("/coordinate/branding/", {**BRANDING, "crisis_notice_everywhere": ""})

    page = Client().get("/").content.decode()

    assert "crisis-notice" not in page
    assert "844-493-8255" not in page


def test_a_switched_on_notice_needs_its_text(coordinator_client):
    response = coordinator_client.post("/coordinate/branding/", {**BRANDING, "crisis_notice": ""})

    assert errors(response) == {
        "crisis_notice": ["Write the notice to show it on every page, or untick the box."]
    }


@pytest.mark.parametrize("colour", ["7a1f5c", "#7a1f5", "#7a1f5cc", "#zzzzzz", "red"])
def test_a_colour_that_is_not_hex_is_a_clear_error_and_nothing_is_saved(coordinator_client, colour):
    response = coordinator_client.post(
        "/coordinate/branding/", {**BRANDING, "accent_colour": colour}
    )

    assert (response.status_code, errors(response)) == (
        400,
        {"accent_colour": ["Give the colour as # and six hexadecimal digits, like #0b4f8a."]},
    )
    assert not SiteBranding.objects.exists()


def test_a_colour_white_text_cannot_be_read_on_is_refused_and_nothing_is_saved(
    coordinator_client,
):
    # #767676 on white is 4.54:1, the lightest grey that passes; #777777 is 4.48:1.
    refused = coordinator_client.post(
        "/coordinate/branding/", {**BRANDING, "accent_colour": "#777777"}
    )

    assert (refused.status_code, errors(refused)) == (
        400,
        {
            "accent_colour": [
                "White text on #777777 has a contrast of only 4.47:1; it needs at least 4.5:1 "
                "(WCAG AA) to be readable. Choose a darker colour."
            ]
        },
    )
    assert not SiteBranding.objects.exists()
    taken = coordinator_client.post(
        "/coordinate/branding/", {**BRANDING, "accent_colour": "#767676"}
    )
    assert taken.status_code == 302
    assert SiteBranding.objects.get().accent_colour == "#767676"


def test_a_logo_that_is_not_an_image_is_refused_whatever_its_name(coordinator_client, media):
    fake = b"\x89PNG\r\n\x1a\n" + b"<?php system($_GET['c']); ?>"

    response = coordinator_client.post(
        "/coordinate/branding/", {**BRANDING, "logo": upload(fake, "logo.png")}
    )

    assert (response.status_code, errors(response)) == (
        400,
        {"logo": ["The logo must be a JPEG, PNG or WebP image."]},
    )
    assert not SiteBranding.objects.exists()
    assert list(media.rglob("*.*")) == []


def test_a_logo_over_512_kb_is_refused(coordinator_client, media):
    big = picture() + b"\x00" * (512 * 1024)

    response = coordinator_client.post(
        "/coordinate/branding/", {**BRANDING, "logo": upload(big, "logo.png")}
    )

    assert errors(response) == {"logo": ["The logo is larger than 512 KB. Choose a smaller one."]}
    assert not SiteBranding.objects.exists()


def test_members_and_visitors_cannot_see_or_change_the_branding(client):
    anonymous = client.post("/coordinate/branding/", BRANDING)
    client.force_login(UserFactory())
    member = client.post("/coordinate/branding/", BRANDING)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert member.status_code == 403
    assert not SiteBranding.objects.exists()


def test_the_dashboard_links_to_the_branding_page(coordinator_client):
    page = coordinator_client.get("/coordinate/").content.decode()

    assert '<a href="/coordinate/branding/">Branding</a>' in page


def test_a_kept_page_shows_a_branding_change_on_the_next_request(
    coordinator, django_assert_num_queries
):
    visitor = Client()
    visitor.get("/")
    with django_assert_num_queries(0):  # kept: no query, the branding included
        kept = visitor.get("/").content.decode()

    services.branding_change(**{**BRANDING, "crisis_notice_everywhere": True, "logo": ""})
    again = visitor.get("/").content.decode()

    assert "Larimer Wellness Collective" not in kept
    assert "<title>Upcoming talks · Larimer Wellness Collective</title>" in again
    assert "844-493-8255" in again


def test_the_accent_stylesheet_is_linked_by_version_and_kept_for_a_year(client):
    services.branding_change(**{**BRANDING, "crisis_notice_everywhere": True, "logo": ""})
    page = client.get("/").content.decode()
    link = re.search(r'<link rel="stylesheet" href="(/branding\.css\?v=[0-9a-f]{12})">', page)

    current = client.get(link[1])
    stale = client.get("/branding.css?v=old")

    assert (current.status_code, current["Content-Type"]) == (200, "text/css; charset=utf-8")
    assert current.content == b":root{--accent:#7a1f5c}\n"
    assert current["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (stale.content, stale["Cache-Control"]) == (current.content, "public, max-age=300")
    services.branding_change(
        **{**BRANDING, "accent_colour": "#0b4f8a", "crisis_notice_everywhere": True, "logo": ""}
    )
    assert link[1] not in client.get("/").content.decode()


def test_without_an_accent_no_stylesheet_is_linked_and_it_sets_nothing(client):
    page = client.get("/").content.decode()

    assert "/branding.css" not in page
    assert client.get("/branding.css").content == b""


def test_the_favicon_is_linked_and_its_old_address_answered(client):
    page = client.get("/").content.decode()
    old = client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert (old.status_code, old["Location"]) == (301, "/static/favicon.svg")


def test_a_talk_image_is_shown_and_previews_a_shared_link(coordinator_client, media, settings):
    settings.SITE_URL = "https://talks.example.org"
    talk = TalkFactory(status="published")
    RsvpFactory(talk=talk, name="Private Person", email="private@example.org")
    form = coordinator_client.get(f"/coordinate/talks/{talk.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "image"}
    data |= {
        "topics": [],
        "speakers": [],
        "venue": talk.venue_id or "",
        "series": "",
        "rsvp_opens_at": "",
        "rsvp_closes_at": "",
        "reminder_hours": "24",
        "image": upload(picture("JPEG", (120, 63)), "photo.exe"),
    }

    response = coordinator_client.post(f"/coordinate/talks/{talk.pk}/edit/", data)
    page = Client().get(talk.get_absolute_url()).content.decode()

    assert response.status_code == 302, response.context["form"].errors
    talk.refresh_from_db()
    assert re.fullmatch(r"talks/[0-9a-f]{32}\.jpg", talk.image.name)
    assert f'<img class="talk-image" src="/media/{talk.image.name}" alt="">' in page
    image_url = f"https://talks.example.org/media/{talk.image.name}"
    assert f'<meta property="og:image" content="{image_url}">' in page
    assert f'<meta name="twitter:image" content="{image_url}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    description = re.search(r'<meta name="description" content="([^"]*)">', page)[1]
    assert description == talk.summary
    assert "Private Person" not in page
    assert "private@example.org" not in page


def test_a_talk_without_an_image_has_a_small_card(client):
    talk = TalkFactory(status="published")

    page = client.get(talk.get_absolute_url()).content.decode()

    assert '<meta name="twitter:card" content="summary">' in page
    assert "og:image" not in page


def test_a_talk_image_that_is_not_an_image_is_a_clear_error(coordinator_client, media):
    talk = TalkFactory(status="published")
    form = coordinator_client.get(f"/coordinate/talks/{talk.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "image"}
    data |= {"topics": [], "speakers": [], "venue": talk.venue_id or "", "series": ""}
    data |= {"reminder_hours": "24", "image": upload(b"GIF89a" + b"\x00" * 50, "a.png")}

    response = coordinator_client.post(f"/coordinate/talks/{talk.pk}/edit/", data)

    assert errors(response)["image"] == ["The image must be a JPEG, PNG or WebP image."]
    talk.refresh_from_db()
    assert not talk.image

"""Coordinators keep the partner organisations: a list, a new one, an edit page, a delete
refused while the partner co-hosts a talk; bad input is a clear error and saves nothing."""

import pytest
from django.test import Client

from outreach.models import Partner
from tests.events.test_coordinator_programme import JPEG, PNG, errors, upload
from tests.factories import PartnerFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

WEBSITE_INVALID = "Give the website's full address, starting with https:// or http://."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def partner_fields(**changes) -> dict:
    fields = {
        "name": "Veterans\r\nPeer Support",
        "slug": "",
        "website": "veterans.example.org",
        "description": "Peer-led groups.",
        "active": "on",
        "contact_name": "Sam Rivera",
        "contact_email": "sam@veterans.example.org",
        "contact_phone": "+1 (555) 010-2030",
    }
    return {**fields, **changes}


def test_a_partner_created_by_a_coordinator_is_stored_with_its_slug_made_from_its_name(
    coordinator_client,
):
    response = coordinator_client.post("/coordinate/partners/new/", partner_fields())

    assert (response.status_code, response["Location"]) == (302, "/coordinate/partners/")
    assert list(
        Partner.objects.values_list("name", "slug", "website", "contact_email", "active")
    ) == [
        (
            "Veterans Peer Support",
            "veterans-peer-support",
            "https://veterans.example.org",
            "sam@veterans.example.org",
            True,
        )
    ]


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", "ftp://files.example.org/", "https://", "data:text/html,hi"],
)
def test_a_website_that_is_not_a_web_address_is_refused_under_its_field(
    coordinator_client, website
):
    response = coordinator_client.post("/coordinate/partners/new/", partner_fields(website=website))

    assert response.status_code == 400
    assert errors(response) == {"website": [WEBSITE_INVALID]}
    assert Partner.objects.count() == 0


def test_a_taken_slug_and_a_bad_phone_are_errors_under_their_fields(coordinator_client):
    PartnerFactory(slug="veterans")

    response = coordinator_client.post(
        "/coordinate/partners/new/", partner_fields(slug="veterans", contact_phone="call me")
    )

    assert errors(response) == {
        "slug": ["Another partner already uses this slug. Choose another."],
        "contact_phone": ["Give a phone number: digits, spaces, and + ( ) - . only."],
    }
    assert Partner.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"<svg onload=alert(1)></svg>", "logo.png"), (b"GIF89a" + b"\x00" * 50, "logo.gif")],
)
def test_a_logo_that_is_not_a_jpeg_png_or_webp_is_refused(coordinator_client, media, content, name):
    response = coordinator_client.post(
        "/coordinate/partners/new/", {**partner_fields(), "logo": upload(content, name)}
    )

    assert errors(response) == {"logo": ["The logo must be a JPEG, PNG or WebP image."]}
    assert Partner.objects.count() == 0
    assert list(media.rglob("*.*")) == []


def test_a_logo_larger_than_2_mb_is_refused(coordinator_client, media):
    big = upload(PNG + b"\x00" * (2 * 1024 * 1024), "logo.png")

    response = coordinator_client.post(
        "/coordinate/partners/new/", {**partner_fields(), "logo": big}
    )

    assert errors(response) == {"logo": ["The logo is larger than 2 MB. Choose a smaller one."]}
    assert Partner.objects.count() == 0


def test_a_replaced_logo_is_stored_under_a_new_name_and_the_old_file_goes(
    coordinator_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            "/coordinate/partners/new/", {**partner_fields(), "logo": upload(PNG, "mine.png")}
        )
    partner = Partner.objects.get()
    first = partner.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"/coordinate/partners/{partner.pk}/",
            {**partner_fields(slug=partner.slug), "logo": upload(JPEG, "new.jpg")},
        )

    partner.refresh_from_db()
    assert (first.startswith("partners/"), first.endswith(".png"), "mine" in first) == (
        True,
        True,
        False,
    )
    assert partner.logo.name.endswith(".jpg")
    assert sorted(p.name for p in media.rglob("*.*")) == [partner.logo.name.split("/")[-1]]


def test_the_list_shows_each_partner_with_its_talk_count(coordinator_client):
    PartnerFactory(name="Library friends", cohosts=TalkFactory.create_batch(2))
    PartnerFactory(name="Allies")

    response = coordinator_client.get("/coordinate/partners/")

    shown = [(p.name, p.talk_count) for p in response.context["page"].object_list]
    assert shown == [("Allies", 0), ("Library friends", 2)]


def test_a_partner_that_co_hosts_a_talk_is_not_deleted(coordinator_client):
    partner = PartnerFactory(cohosts=[TalkFactory()])
    idle = PartnerFactory()

    refused = coordinator_client.post(f"/coordinate/partners/{partner.pk}/delete/", follow=True)
    coordinator_client.post(f"/coordinate/partners/{idle.pk}/delete/")

    assert "This partner is not deleted: it co-hosts a talk." in refused.content.decode()
    assert list(Partner.objects.values_list("pk", flat=True)) == [partner.pk]


@pytest.mark.parametrize(
    "path",
    [
        "/coordinate/partners/",
        "/coordinate/partners/new/",
        "/coordinate/partners/{partner}/",
        "/coordinate/talks/{talk}/co-hosts/",
    ],
)
def test_partner_pages_send_visitors_to_log_in_and_refuse_members(path):
    partner, talk = PartnerFactory(), TalkFactory()
    url = path.format(partner=partner.pk, talk=talk.pk)
    member = Client()
    member.force_login(UserFactory())

    anonymous = Client().get(url)
    refused = member.get(url)
    posted = member.post(url, partner_fields())

    assert (anonymous.status_code, anonymous["Location"]) == (302, f"/accounts/login/?next={url}")
    assert (refused.status_code, posted.status_code) == (403, 403)
    assert Partner.objects.count() == 1

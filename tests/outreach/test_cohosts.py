"""Partners co-host talks: the talk's page names and links them, the feeds' DESCRIPTION
says "Co-hosted with …", and a change shows at once on pages and feeds kept in the cache.
Discreet calendars name no co-host."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from events import services
from events.change_log import change_rows
from events.models import Talk
from outreach.services.partners import partner_update, talk_cohosts_set
from tests.conftest import deliver_due
from tests.events.test_email_calendar import calendar_texts
from tests.factories import PartnerFactory, RsvpFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db


def descriptions(response) -> dict[str, str]:
    """Each VEVENT's SUMMARY -> DESCRIPTION, as a calendar app reads them."""
    calendar = Calendar.from_ical(response.content.decode())
    return {str(e["SUMMARY"]): str(e.get("DESCRIPTION", "")) for e in calendar.walk("VEVENT")}


def test_a_coordinator_sets_a_talks_co_hosts_and_the_change_is_logged(coordinator_client):
    talk = TalkFactory()
    library, veterans, other = (
        PartnerFactory(name="Library"),
        PartnerFactory(name="Veterans"),
        PartnerFactory(name="Other"),
    )
    talk_cohosts_set(talk=talk, partners=[other], by=None)
    url = reverse("coordinator_talk_cohosts", kwargs={"pk": talk.pk})

    page = coordinator_client.get(url)
    response = coordinator_client.post(url, {"partners": [veterans.pk, library.pk]})

    assert page.context["form"].initial == {"partners": [other]}
    assert response["Location"] == f"/coordinate/talks/{talk.pk}/"
    assert list(talk.partners.order_by("name").values_list("name", flat=True)) == [
        "Library",
        "Veterans",
    ]
    assert change_rows(talk)[0].lines == ["Co-hosts: Other → Library, Veterans"]


def test_the_talks_coordinator_page_links_to_its_co_hosts_page(coordinator_client):
    talk = TalkFactory()

    page = coordinator_client.get(f"/coordinate/talks/{talk.pk}/").content.decode()

    assert f'<a href="/coordinate/talks/{talk.pk}/co-hosts/">Co-hosts</a>' in page


def test_an_unknown_partner_is_an_error_and_nothing_changes(coordinator_client):
    talk = TalkFactory()
    partner = PartnerFactory(cohosts=[talk])

    response = coordinator_client.post(
        f"/coordinate/talks/{talk.pk}/co-hosts/", {"partners": ["999999"]}
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["partners"]
    assert list(talk.partners.all()) == [partner]


def test_saving_the_same_co_hosts_writes_and_logs_nothing():
    talk = TalkFactory()
    partner = PartnerFactory()
    talk_cohosts_set(talk=talk, partners=[partner], by=None)
    stamp = Talk.objects.get(pk=talk.pk).updated_at

    talk_cohosts_set(talk=talk, partners=[partner], by=None)

    assert len(change_rows(talk)) == 1
    assert Talk.objects.get(pk=talk.pk).updated_at == stamp


def test_the_talk_page_links_each_active_co_host_by_name(client):
    talk = TalkFactory()
    PartnerFactory(name="Veterans Network", slug="veterans", cohosts=[talk])
    PartnerFactory(name="Central Library", slug="library", cohosts=[talk])
    PartnerFactory(name="Hidden Group", cohosts=[talk], active=False)

    page = client.get(talk.get_absolute_url()).content.decode()

    assert (
        "<dt>Co-hosted with</dt>\n      <dd>"
        '<a href="/partners/library/">Central Library</a>, '
        '<a href="/partners/veterans/">Veterans Network</a></dd>'
    ) in page
    assert "Hidden Group" not in page


def test_a_kept_talk_page_and_the_feed_show_a_new_co_host_on_the_next_request(client):
    talk = TalkFactory(title="Ketamine basics")
    library = PartnerFactory(name="Central Library")
    before_page = client.get(talk.get_absolute_url()).content.decode()
    before_feed = client.get("/calendar.ics")

    talk_cohosts_set(talk=talk, partners=[library], by=None)
    page = client.get(talk.get_absolute_url()).content.decode()
    feed = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=before_feed["ETag"])

    assert "Central Library" not in before_page
    assert "Co-hosted" not in descriptions(before_feed)["Ketamine basics"]
    assert f'<a href="{library.get_absolute_url()}">Central Library</a>' in page
    assert feed.status_code == 200
    assert descriptions(feed)["Ketamine basics"] == (
        f"{talk.summary}\n\nCo-hosted with Central Library\n\nhttp://127.0.0.1:8000/talks/"
        f"{talk.slug}/"
    )


def test_a_renamed_or_hidden_partner_changes_the_feed_at_once(client):
    talk = TalkFactory(title="Ketamine basics")
    partner = PartnerFactory(name="Library", cohosts=[talk])
    PartnerFactory(name="Veterans", cohosts=[talk])
    first = descriptions(client.get("/calendar.ics"))["Ketamine basics"]

    partner_update(partner=partner, name="Central Library")
    renamed = descriptions(client.get("/calendar.ics"))["Ketamine basics"]
    partner_update(partner=partner, active=False)
    hidden = descriptions(client.get("/calendar.ics"))["Ketamine basics"]

    assert "Co-hosted with Library and Veterans" in first
    assert "Co-hosted with Central Library and Veterans" in renamed
    assert "Co-hosted with Veterans\n" in hidden


def test_three_co_hosts_are_listed_with_commas_and_a_final_and_in_every_feed(client):
    talk = TalkFactory(title="Ketamine basics", topics=[])
    for name in ("Alpha", "Beta", "Gamma"):
        PartnerFactory(name=name, cohosts=[talk])

    feeds = [
        client.get("/calendar.ics"),
        client.get(f"/partners/{talk.partners.first().slug}/calendar.ics"),
    ]

    assert [
        "Co-hosted with Alpha, Beta and Gamma" in descriptions(feed)["Ketamine basics"]
        for feed in feeds
    ] == [True, True]


def test_a_personal_feed_with_discreet_titles_names_no_co_host(client):
    talk = TalkFactory()
    PartnerFactory(name="Veterans Network", cohosts=[talk])
    member = UserFactory()
    RsvpFactory(talk=talk, email=member.email, user=member)
    feed = services.calendar_feed_for(email=member.email)
    services.calendar_feed_update(feed=feed, alarms=False, discreet_titles=True)

    text = client.get(f"/calendar/me/{feed.token}.ics").content.decode()

    assert "BEGIN:VEVENT" in text
    assert ("Veterans" in text, "Co-hosted" in text) == (False, False)


def test_a_discreet_emails_calendar_file_names_no_co_host():
    talk = TalkFactory()
    PartnerFactory(name="Veterans Network", cohosts=[talk])
    outcome = services.rsvp_create(talk=talk, email="q@example.org", name="Q", discreet_emails=True)
    services.rsvp_confirm_email(rsvp=outcome.rsvp, discreet_emails=True)

    sent = deliver_due()

    files = [text for message in sent for _method, text in calendar_texts(message)]
    assert files  # the confirmation carries the talk's calendar file
    assert [text for text in files if "Veterans" in text or "Co-hosted" in text] == []


def test_a_kept_vevent_is_built_again_when_only_its_co_hosts_changed(client):
    """The cached VEVENT's key covers the co-hosts themselves, not only the talk's row:
    a co-host added without touching the talk (as the factory does) still shows."""
    talk = TalkFactory(title="Ketamine basics")
    client.get("/calendar.ics")

    PartnerFactory(name="Central Library", cohosts=[talk])  # raises the schedule's version
    feed = client.get("/calendar.ics")

    assert "Co-hosted with Central Library" in descriptions(feed)["Ketamine basics"]

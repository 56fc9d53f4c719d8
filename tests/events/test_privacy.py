"""No attendee name or email on any public page: counts only."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from outreach.request_tokens import talk_request_status_token
from tests.factories import (
    PartnerFactory,
    RsvpFactory,
    SeriesFactory,
    SpeakerFactory,
    SubscriberFactory,
    TalkFactory,
    TalkRequestFactory,
    TopicFactory,
)

# Pages that need a login, a coordinator, or a person's own signed token are not public.
NOT_PUBLIC_PREFIXES = (
    "coordinator_",
    "my_",
    "rsvp_",
    "email_",
    "account_",
    "admin:",
    "calendar_personal",
    "person_data",
    "subscription_",
)
JOIN = "https://meet.example.org/secret-room"


def route_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def outreach_urls(talk, past_talk):
    """The question and feedback pages a link in an email opens (no login needed)."""
    from outreach.services import feedback, questions

    def path(url):
        return url.removeprefix("http://127.0.0.1:8000")

    ask = path(questions.question_ask_url(talk=talk))
    return {
        "question_new": ask,
        "question_sent": f"{ask}sent/",
        "speaker_questions": path(questions.speaker_link_url(talk=talk)),
        "feedback_form": path(feedback.feedback_links_issue(talk=past_talk, count=1)[0]),
        "feedback_thanks": "/feedback/thanks/",
    }


def public_urls(talk, past_talk, partner, talk_request_status=""):
    topic, series, speaker = talk.topics.get(), talk.series, talk.speakers.get()
    return {
        "home": "/",
        "talks_past": "/talks/past/",
        "talk_detail": talk.get_absolute_url(),
        "talk_rsvp": None,  # POST only: exercised below
        "talk_rsvp_sent": f"/talks/{talk.slug}/rsvp/sent/",
        "set_language": None,  # the language switcher: a redirect, never a page
        "healthz": "/healthz",
        "robots_txt": "/robots.txt",
        "branding_stylesheet": "/branding.css",
        "favicon_ico": None,  # a redirect to the static icon, never a page
        "calendar_all": "/calendar.ics",
        "calendar_topic": f"/topics/{topic.slug}/calendar.ics",
        "calendar_series": f"/series/{series.slug}/calendar.ics",
        "talk_download": f"/talks/{talk.slug}.ics",
        "search": "/search/?q=ketamine",
        "topic_detail": f"/topics/{topic.slug}/",
        "series_detail": f"/series/{series.slug}/",
        "speaker_detail": f"/speakers/{speaker.pk}/",
        "calendar_speaker": f"/speakers/{speaker.pk}/calendar.ics",
        "announcements": "/announcements/",
        "announcements_sent": "/announcements/sent/",
        "partner_list": "/partners/",
        "partner_detail": partner.get_absolute_url(),
        "calendar_partner": f"/partners/{partner.slug}/calendar.ics",
        "talk_request_create": "/request-a-talk/",
        "talk_request_sent": "/request-a-talk/sent/",
        "talk_request_status": talk_request_status,
        **outreach_urls(talk, past_talk),
    }, [
        past_talk.get_absolute_url(),
        f"/talks/{past_talk.slug}.ics",
        f"/?topic={topic.slug}",
        "/?page=1",
        "/accounts/login/",
        "/accounts/signup/",
    ]


@pytest.mark.django_db
def test_every_public_page_shows_no_attendee_name_or_email(client):
    talk = TalkFactory(
        capacity=3,
        max_companions=1,
        online_url=JOIN,
        topics=[TopicFactory()],
        series=SeriesFactory(),
        speakers=[SpeakerFactory()],
    )
    past_talk = TalkFactory(start=timezone.now() - timedelta(days=2))
    rsvps = [
        *RsvpFactory.create_batch(3, talk=talk),
        *RsvpFactory.create_batch(2, talk=talk, status="waitlisted", waitlisted_at=timezone.now()),
        *RsvpFactory.create_batch(2, talk=past_talk),
    ]
    subscribers = [SubscriberFactory(), SubscriberFactory(topics=[talk.topics.get()])]
    partner = PartnerFactory(cohosts=[talk, past_talk])

    # A group's request, scheduled as this talk: its status page is the requester's own,
    # and still shows neither their name nor their address.
    talk_request = TalkRequestFactory(state="scheduled", talk=talk, closed_at=timezone.now())
    status = talk_request_status_token(request_id=talk_request.pk)
    named, extra = public_urls(talk, past_talk, partner, f"/request-a-talk/status/{status}/")
    all_public = {n for n in route_names(get_resolver().url_patterns)}
    all_public = {n for n in all_public if not n.startswith(NOT_PUBLIC_PREFIXES)}
    assert all_public == set(named), "a new public URL must be added to this privacy test"

    urls = [*filter(None, named.values()), *extra]
    pages = [client.get(url).content.decode() for url in urls]
    pages.append(
        client.post(f"/talks/{talk.slug}/rsvp/", {"name": "", "email": "x"}).content.decode()
    )
    urls.append("a refused RSVP")
    pages.append(client.post("/announcements/", {"email": "x"}).content.decode())
    urls.append("a refused subscription")
    pages.append(client.post(named["question_new"], {"text": ""}).content.decode())
    urls.append("a refused question")
    pages.append(client.post(named["feedback_form"], {"clarity": "9"}).content.decode())
    urls.append("a refused feedback form")

    people = [(r.name, r.email) for r in rsvps]
    people.append((talk_request.contact_name, talk_request.contact_email))
    leaks = [(n, e) for n, e in people for page in pages if e in page or n in page]
    private = (partner.contact_name, partner.contact_email, partner.contact_phone)
    contact_leaks = [
        (url, secret)
        for url, page in zip(urls, pages, strict=True)
        for secret in private
        if secret in page
    ]
    assert leaks == contact_leaks == []
    assert partner.name in pages[urls.index(talk.get_absolute_url())]  # the partner is shown
    addresses = [subscriber.preference.email for subscriber in subscribers]
    assert [address for address in addresses for page in pages if address in page] == []


@pytest.mark.django_db
def test_no_log_line_names_an_attendee(client, caplog, smtp_server):
    import logging

    from events import services
    from tests.conftest import deliver_due

    caplog.set_level(logging.DEBUG)
    talk = TalkFactory(capacity=1)
    client.post(f"/talks/{talk.slug}/rsvp/", {"name": "Quinn", "email": "quinn@example.org"})
    rsvp = talk.rsvps.get()
    services.rsvp_confirm_email(rsvp=rsvp)
    smtp_server.handler.reply = "550 No such mailbox"
    deliver_due()
    services.rsvp_cancel(rsvp=rsvp)
    deliver_due()

    # Every logger but the test's own SMTP server (aiosmtpd's "mail.log"), which plays
    # the part of the outside mail server.
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]
    logged = "\n".join(f"{record.name}: {record.getMessage()}" for record in ours)
    assert "notifications.delivery: Email #" in logged  # the failure was logged...
    assert "quinn" not in logged.lower()  # ...without the address or the name

"""Account emails (allauth's): keyed in the outbox, named for the site, text and HTML."""

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
import time_machine

from notifications.models import OutgoingEmail
from notifications.site import site_domain
from tests.conftest import deliver_due
from tests.events.test_email_links import Anchors, contrast
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Mid-window (account emails are told apart in five-minute windows, from :00).
MORNING = datetime(2031, 3, 4, 9, 1, tzinfo=UTC)


class Links(HTMLParser):
    """Every link of an HTML part as (href, text), and the document's language."""

    def __init__(self, html: str):
        super().__init__()
        self.found, self.lang, self._href, self._text = [], None, None, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "a":
            self._href, self._text = dict(attrs)["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a":
            self.found.append((self._href, "".join(self._text)))
            self._href = None


def parts(message) -> list[str]:
    return [part.get_content_type() for part in message.walk() if not part.is_multipart()]


def test_verification_email_names_the_site_not_the_host_it_was_asked_on(
    client, smtp_server, settings
):
    client.post(
        "/accounts/signup/",
        {"email": "port.8201@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="127.0.0.1:8201",
    )
    deliver_due()

    [message] = smtp_server.handler.messages()
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = re.search(r"http://127\.0\.0\.1:8201/accounts/confirm-email/\S+/", text).group(0)
    assert message["Subject"] == "[Community Talks] Confirm your email address"
    assert text.splitlines() == [
        "Hello from Community Talks!",
        "",
        "port.8201@example.org was given as the address of an account on Community Talks.",
        "",
        "To confirm that it is yours, open this link:",
        "",
        link,
        "",
        "If it was not you, ignore this email: the address is not used until it is confirmed.",
        "",
        "--",
        "Community Talks",
        f"{settings.SITE_URL}/",
    ]
    page = Links(html)
    assert (page.lang, page.found) == (
        "en",
        [(link, "Confirm my email address"), (f"{settings.SITE_URL}/", "Community Talks")],
    )


def test_each_account_email_has_a_text_and_an_html_part(client, smtp_server):
    member = UserFactory(email="member@example.org")
    signup = {"password1": PASSWORD, "password2": PASSWORD}

    client.post("/accounts/signup/", {"email": "signing.up@example.org", **signup})
    client.post("/accounts/signup/", {"email": member.email, **signup})
    client.post("/accounts/password/reset/", {"email": member.email})
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    deliver_due()

    sent = [(m["To"], m["Subject"], parts(m)) for m in smtp_server.handler.messages()]
    both = ["text/plain", "text/html"]
    assert sent == [
        ("signing.up@example.org", "[Community Talks] Confirm your email address", both),
        ("member@example.org", "[Community Talks] You already have an account", both),
        ("member@example.org", "[Community Talks] Reset your password", both),
        ("nobody@example.org", "[Community Talks] No account has this address", both),
    ]


def test_account_email_has_no_unsubscribe_header_and_a_message_id_on_the_site(client, smtp_server):
    member = UserFactory()

    client.post("/accounts/password/reset/", {"email": member.email})
    deliver_due()

    [message] = smtp_server.handler.messages()
    headers = (message["List-Unsubscribe"], message["Auto-Submitted"], message["Message-ID"])
    assert headers[:2] == (None, "auto-generated")
    assert headers[2].endswith(f"@{site_domain()}>")


def test_password_reset_asked_twice_in_a_row_queues_one_email(client):
    member = UserFactory()

    with time_machine.travel(MORNING):
        client.post("/accounts/password/reset/", {"email": member.email})
    with time_machine.travel(MORNING + timedelta(seconds=20)):
        client.post("/accounts/password/reset/", {"email": member.email})

    assert list(OutgoingEmail.objects.values_list("recipient", "subject")) == [
        (member.email, "[Community Talks] Reset your password")
    ]


def test_password_reset_asked_again_minutes_later_queues_a_second_email(client):
    member = UserFactory()

    with time_machine.travel(MORNING):
        client.post("/accounts/password/reset/", {"email": member.email})
    with time_machine.travel(MORNING + timedelta(minutes=5)):
        client.post("/accounts/password/reset/", {"email": member.email})

    rows = OutgoingEmail.objects.order_by("pk").values_list("recipient", "key")
    assert [recipient for recipient, _key in rows] == [member.email, member.email]
    assert len({key for _recipient, key in rows}) == 2


def test_verification_email_is_branded_html_with_a_button_and_the_plain_url_in_the_text(
    client, smtp_server
):
    client.post(
        "/accounts/signup/",
        {"email": "branded@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    deliver_due()

    [message] = smtp_server.handler.messages()
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    [link] = [line for line in text.splitlines() if "/accounts/confirm-email/" in line]
    anchors = Anchors()
    anchors.feed(html)
    [(label, style)] = [(text, style) for href, text, style in anchors.anchors if href == link]
    assert (label, "display: inline-block" in style, contrast(style) >= 4.5) == (
        "Confirm my email address",
        True,
        True,
    )
    assert (
        '<p style="font-size: 20px; font-weight: 700; margin: 0 0 16px;">Community Talks</p>'
        in html
    )
    plain_url = f'<span style="word-break: break-all;">{link}</span>'
    assert f"copy this address into your browser:<br>{plain_url}" in html
    assert [href for href, _text, _style in anchors.anchors if "unsubscribe" in href] == []

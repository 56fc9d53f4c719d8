"""What the security review found in the outreach app, each pinned by a test that fails
without its fix."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from events import tokens
from events.privacy import person_data_link_send
from notifications.models import OutgoingEmail
from outreach.models import Resource, Subscriber
from outreach.public_links import NotPublicAddress, public_connection
from outreach.services.resources import link_status, resources_check_links
from tests.factories import ResourceFactory, SubscriberFactory, TalkRequestFactory, TopicFactory

# --- The link check asks public addresses only (no SSRF) ------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """Answers 200, or a redirect to `redirect_to`; notes each path it was asked for."""

    redirect_to = ""

    def log_message(self, *args):
        pass

    def _answer(self):
        self.server.seen.append(self.path)
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer


def serve(host: str, redirect_to: str = ""):
    handler = type("Handler", (Recorder,), {"redirect_to": redirect_to})
    server = ThreadingHTTPServer((host, 0), handler)
    server.seen, server.daemon_threads = [], True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


@pytest.fixture
def servers():
    started = []

    def start(host, redirect_to=""):
        server, url = serve(host, redirect_to)
        started.append(server)
        return server, url

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.mark.django_db
def test_link_check_asks_no_loopback_address_unless_allowed(servers, settings):
    settings.OUTREACH_LINK_CHECK_ALLOWED_NETWORKS = []
    server, url = servers("127.0.0.1")
    ResourceFactory(link=f"{url}/internal", topics=[TopicFactory()])

    resources_check_links(now=timezone.now(), timeout=0.5)

    assert server.seen == []
    assert list(Resource.objects.values_list("link_status", "link_broken")) == [(None, True)]


@pytest.mark.django_db
def test_link_check_follows_no_redirect_to_a_private_address(servers, settings):
    settings.OUTREACH_LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    inside, inside_url = servers("127.0.0.1")
    outside, outside_url = servers("127.0.0.2", redirect_to=f"{inside_url}/secret")

    status = link_status(f"{outside_url}/moved", timeout=0.5)

    assert (outside.seen, inside.seen, status) == (["/moved"], [], None)


@pytest.mark.parametrize(
    "host",
    [
        "169.254.169.254",  # cloud metadata
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 - the address refused, not one listened on
        "::1",
        "::ffff:127.0.0.1",
        "fe80::1",
        "224.0.0.1",
        "localhost",
    ],
)
def test_a_connection_to_a_non_public_address_is_refused_before_it_is_made(host, settings):
    settings.OUTREACH_LINK_CHECK_ALLOWED_NETWORKS = []

    with pytest.raises(NotPublicAddress):
        public_connection((host, 6379), timeout=0.5)


# --- A person's own data includes what outreach holds ------------------------------------------


def data_link_page(client, email: str):
    token = tokens.data_link_issue(email=email, now=timezone.now())
    return f"/data/{token}/"


@pytest.mark.django_db
def test_a_talk_requesters_data_link_shows_and_exports_their_request(client):
    request = TalkRequestFactory(contact_email="robin@group.example.org", message="Call me")
    TalkRequestFactory()  # someone else's
    url = data_link_page(client, "robin@group.example.org")

    page = client.get(url).content.decode()
    export = json.loads(client.get(url, {"format": "json"}).content)

    assert [
        (r["organisation"], r["contact_email"], r["message"]) for r in export["talk_requests"]
    ] == [(request.organisation, "robin@group.example.org", "Call me")]
    assert f"From {request.organisation}, sent on" in page


@pytest.mark.django_db
def test_a_subscribers_choices_are_in_their_download(client):
    topic = TopicFactory(name="Aftercare")
    SubscriberFactory(preference__email="sub@example.org", all_topics=False, topics=[topic])

    export = json.loads(
        client.get(data_link_page(client, "sub@example.org"), {"format": "json"}).content
    )

    assert (export["announcements"]["topics"], export["announcements"]["frequency"]) == (
        ["Aftercare"],
        "each",
    )


@pytest.mark.django_db
def test_deleting_with_a_data_link_forgets_the_request_contact_and_the_subscription(client):
    request = TalkRequestFactory(contact_email="robin@group.example.org")
    other = TalkRequestFactory()
    SubscriberFactory(preference__email="robin@group.example.org")

    client.post(data_link_page(client, "robin@group.example.org"), {"confirm": "on"})

    request.refresh_from_db()
    other.refresh_from_db()
    assert (request.contact_name, request.contact_email, request.organisation) == (
        "",
        "",
        request.organisation,
    )
    assert other.contact_email != ""
    assert not Subscriber.objects.filter(preference__email="robin@group.example.org").exists()


@pytest.mark.django_db
def test_someone_who_only_requested_a_talk_is_sent_a_data_link():
    TalkRequestFactory(contact_email="robin@group.example.org")
    OutgoingEmail.objects.all().delete()  # the acknowledgement is long gone

    person_data_link_send(email="robin@group.example.org", client="192.0.2.1")

    assert list(OutgoingEmail.objects.values_list("kind", flat=True)) == ["data_link"]

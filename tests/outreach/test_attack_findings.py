"""What the security review found in the outreach app, each pinned by a test that fails
without its fix."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from outreach.models import Resource
from outreach.public_links import NotPublicAddress, public_connection
from outreach.services.resources import link_status, resources_check_links
from tests.factories import ResourceFactory, TopicFactory

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

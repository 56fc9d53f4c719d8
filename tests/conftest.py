"""Fixtures shared by every test: real SMTP, a real Celery worker, the real email path."""

import asyncio
import os
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.factories import UserFactory

# What `never_cache` sets on pages behind a login or a secret link.
NEVER_STORED = "max-age=0, no-cache, no-store, must-revalidate, private"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on SQLite locally; in CI they must run."""
    if connection.vendor == "postgresql":
        return
    if IN_CI:
        raise pytest.UsageError("CI runs on PostgreSQL: set DATABASE_URL=postgres://...")
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _private_broker_folder(tmp_path_factory):
    """Keep the tests' filesystem broker apart from the one `make run` uses."""
    from django.conf import settings

    from config.celery import app

    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        yield
        return
    folder = tmp_path_factory.mktemp("broker")
    (folder / "processed").mkdir()
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
    previous = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = options
    app.conf.broker_transport_options = options
    yield
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = previous
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with no cached VEVENT, feed document or kept page, and no rate
    limit spent."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    _branding_kept()


def _branding_kept():
    """A running site keeps its branding in the shared cache (read once, then kept until
    it changes), so the pinned query counts of pages are those of such a site: the
    branding of an empty database is kept. Its one cold read is pinned on its own
    (tests/notifications/test_branding.py)."""
    from django.core.cache import caches

    from notifications.branding import CACHE_KEY, branding_of
    from notifications.models import SiteBranding

    caches["pages"].set(CACHE_KEY, branding_of(SiteBranding(pk=1)))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a factory's password properly costs ~0.3 s; tests do not need the strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _real_email_path(settings):
    """pytest-django swaps EMAIL_BACKEND for locmem; put the outbox back.

    Delivery (the worker's side) goes to locmem unless a test points it at SMTP.
    """
    settings.EMAIL_BACKEND = "notifications.backends.OutboxEmailBackend"
    settings.EMAIL_DELIVERY = {"backend": "django.core.mail.backends.locmem.EmailBackend"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RecordingHandler:
    """An SMTP peer that keeps what it accepts and can be told to refuse."""

    received: list = field(default_factory=list)
    reply: str = "250 Message accepted for delivery"
    sessions: int = 0
    hold_at: int | None = None  # hold the DATA of message number `hold_at` (1-based)...
    holding: threading.Event = field(default_factory=threading.Event)  # ...say so here...
    release: threading.Event = field(default_factory=threading.Event)  # ...until this is set
    data_seen: int = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.data_seen += 1
        if self.data_seen == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            if server.transport is None or server.transport.is_closing():
                return "421 Client went away"  # never delivered: the sender must retry
        if self.reply.startswith("250"):
            self.received.append(envelope)
        return self.reply

    def messages(self):
        return [message_from_bytes(e.content, policy=policy.default) for e in self.received]


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def delivery(self) -> dict:
        return {
            "backend": "django.core.mail.backends.smtp.EmailBackend",
            "host": self.host,
            "port": self.port,
            "timeout": 5,
        }


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port; delivery goes to it."""
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    server = SmtpServer(host="127.0.0.1", port=controller.port, handler=handler)
    settings.EMAIL_DELIVERY = server.delivery
    yield server
    controller.stop()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in this process, consuming the configured broker."""
    import celery.contrib.testing.tasks  # noqa: F401 - registers celery.ping
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def wait_for(condition, *, timeout: float = 15.0, what: str = "condition"):
    """Poll `condition` until it is truthy: for work done by a real worker or server."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def run_together(functions):
    """Run every function in its own thread, released at the same instant."""
    barrier = threading.Barrier(len(functions))

    def run(function):
        try:
            barrier.wait()
            return function()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(functions)) as pool:
        return list(pool.map(run, functions))


@contextmanager
def talk_lock_held(talk):
    """Hold the talk's row lock from another connection until the block ends."""
    from django.db import transaction

    from events.models import Talk

    holding, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                Talk.objects.select_for_update().get(pk=talk.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert holding.wait(timeout=10), "could not take the talk's lock"
    try:
        yield
    finally:
        release.set()
        holder.join()


@pytest.fixture
def member(db):
    return UserFactory()


def deliver_due(now=None) -> list:
    """Run the outbox sweep now (or at `now`), delivering in this thread; return what left.

    Delivery goes to Django's locmem backend unless a test points it elsewhere.
    """
    from django.core import mail
    from django.utils import timezone

    from notifications.delivery import emails_deliver_claim
    from notifications.outbox import emails_sweep

    now = now or timezone.now()
    already = len(mail.outbox)
    emails_sweep(now=now, dispatch=lambda claim: emails_deliver_claim(claim=claim, now=now))
    return mail.outbox[already:]


def parsed(message):
    """A Django message as the recipient's mail program sees it."""
    return message_from_bytes(message.message().as_bytes(), policy=policy.default)


def text_of(message) -> str:
    return parsed(message).get_body(preferencelist=("plain",)).get_content()

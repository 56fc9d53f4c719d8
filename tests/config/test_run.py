"""`make run`'s launcher, end to end: embedded defaults, web + worker + beat, Ctrl-C."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.conftest import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
SERVER_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "EMAIL_HOST", "CACHE_URL")


@pytest.fixture
def embedded_environment(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in SERVER_VARIABLES}
    environment.update(VAR_DIR=str(tmp_path / "var"), PORT=str(free_port()))
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
            timeout=120,
        )
    return environment


def fetch(opener, url, data=None):
    try:
        with opener.open(url, data=data, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


def sign_up(opener, base, email):
    _status, form = fetch(opener, base + "/accounts/signup/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "email": email,
        "password1": "a-long-unusual-passphrase",
        "password2": "a-long-unusual-passphrase",
    }
    return fetch(opener, base + "/accounts/signup/", urllib.parse.urlencode(fields).encode())


def processes_with(variable: str) -> list[int]:
    """Pids of live processes whose environment contains `variable` (our children's VAR_DIR)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if variable.encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def test_run_serves_sends_email_through_worker_and_stops_on_ctrl_c(embedded_environment):
    base = f"http://127.0.0.1:{embedded_environment['PORT']}"
    mail_folder = Path(embedded_environment["VAR_DIR"]) / "mail"
    launcher = subprocess.Popen(
        [sys.executable, "-m", "config.run"],
        cwd=ROOT,
        env=embedded_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    try:
        wait_for(lambda: fetch(opener, base + "/healthz")[0] == 200, timeout=60, what="healthz")
        assert fetch(opener, base + "/")[0] == 200

        sign_up(opener, base, "run.test@example.org")

        eml = wait_for(lambda: list(mail_folder.glob("*.eml")), timeout=60, what="an .eml")[0]
        message = message_from_bytes(eml.read_bytes(), policy=policy.default)
        assert message["To"] == "run.test@example.org"
    finally:
        launcher.send_signal(signal.SIGINT)
        output, _ = launcher.communicate(timeout=60)

    assert launcher.returncode == 0, output
    assert f"Community Talks is running at {base}/" in output
    assert "demo coordinator: coordinator@example.org / talks-demo-password" in output
    assert fetch(opener, base + "/healthz")[0] is None  # the web server is gone
    assert processes_with(f"VAR_DIR={embedded_environment['VAR_DIR']}") == []


def origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_run_on_another_port_links_there_from_feeds_and_from_the_workers_emails(
    embedded_environment,
):
    """PORT set, SITE_URL not: the web server and the worker both link to that port."""
    base = f"http://127.0.0.1:{embedded_environment['PORT']}"
    mail_folder = Path(embedded_environment["VAR_DIR"]) / "mail"
    launcher = subprocess.Popen(
        [sys.executable, "-m", "config.run"],
        cwd=ROOT,
        env=embedded_environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    try:
        wait_for(lambda: fetch(opener, base + "/healthz")[0] == 200, timeout=60, what="healthz")
        _status, feed = fetch(opener, base + "/calendar.ics")
        _status, page = fetch(opener, base + "/talks/demo-talk-2/")
        fields = {"csrfmiddlewaretoken": csrf_token(page), "name": "Robin"}
        fields.update(email="robin@example.org", companions="0")
        asked = fetch(
            opener, base + "/talks/demo-talk-2/rsvp/", urllib.parse.urlencode(fields).encode()
        )
        assert asked[0] == 200, asked[1]
        eml = wait_for(lambda: list(mail_folder.glob("*.eml")), timeout=60, what="an .eml")[0]
        message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    finally:
        launcher.send_signal(signal.SIGINT)
        launcher.wait(timeout=60)

    feed_links = re.findall(r"^URL:(\S+)\r?$", feed, re.MULTILINE)
    # The List-Unsubscribe header is written by the worker, when it sends the email.
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert len(feed_links) >= 12  # the calendar's own and one for each demo talk
    assert {origin(url) for url in feed_links} == {base}
    assert origin(unsubscribe) == base

"""`make screenshots`: the pages the README and reviewers look at, at 1280 and 390 px.

Starts the app with `runserver` on a free port, on a throwaway SQLite database (or on
DATABASE_URL when it is set: that database is migrated and given the demo data), loads
`seed_demo` and `seed_outreach_demo`, logs in as the demo member or coordinator where a
page needs it, and writes one full-page PNG per page and width into this folder:
`<page>-<width>.png`.

Needs Debian's chromium (apt-get install chromium); Playwright comes with `make install`.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(var_dir: Path, port: int) -> dict[str, str]:
    env = dict(os.environ, DEBUG="true", VAR_DIR=str(var_dir), PORT=str(port))
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'screenshots.sqlite3'}")
    env.setdefault("CELERY_BROKER_URL", "memory://")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("runserver stopped before answering")
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def demo_paths(env: dict[str, str]) -> dict[str, str]:
    """The addresses of the demo talk, topic, speaker, venue and RSVP pages, from the
    database, and a fresh feedback link for the talk that ended last."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from events.demo import DEMO_MEMBER
    from events.models import Rsvp, Talk
    from outreach.services.feedback import feedback_links_issue

    now = timezone.now()
    talk = Talk.objects.filter(start__gt=now, venue__isnull=False).order_by("start").first()
    mine = Rsvp.objects.filter(user__email=DEMO_MEMBER.email, talk__start__gt=now).first()
    topic = talk.topics.first()
    ended = Talk.objects.filter(end__lt=now, status="published").order_by("-end").first()
    feedback_link = feedback_links_issue(talk=ended, count=1)[0]
    return {
        "talk": talk.get_absolute_url(),
        "topic": f"/topics/{topic.slug}/",
        "speaker": f"/speakers/{talk.speakers.first().pk}/",
        "rsvp": f"/me/rsvps/{mine.pk}/",
        "cancel": f"/me/rsvps/{mine.pk}/cancel/",
        "edit": f"/coordinate/talks/{talk.pk}/edit/",
        "checkin": f"/coordinate/talks/{mine.talk_id}/check-in/",
        "venue": f"/coordinate/venues/{talk.venue_id}/",
        "feedback": "/" + feedback_link.split("://", 1)[1].split("/", 1)[1],
    }


def pages(paths: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Who looks, and at which (name, address)."""
    return {
        "": [
            ("home", "/"),
            ("talk", paths["talk"]),
            ("topic", paths["topic"]),
            ("speaker", paths["speaker"]),
            ("request-a-talk", "/request-a-talk/"),
            ("partners", "/partners/"),
            ("announcements", "/announcements/"),
            ("feedback", paths["feedback"]),
        ],
        "member@example.org": [
            ("rsvp-success", paths["rsvp"]),
            ("cancel", paths["cancel"]),
            ("my-talks", "/me/talks/"),
        ],
        "coordinator@example.org": [
            ("coordinator-dashboard", "/coordinate/"),
            ("talk-editor", paths["edit"]),
            ("check-in", paths["checkin"]),
            ("venues", "/coordinate/venues/"),
            ("venue", paths["venue"]),
        ],
    }


def log_in(page, url: str, email: str) -> None:
    from events.demo import DEMO_PASSWORD

    page.goto(url + "/accounts/login/")
    form = page.locator("main form").filter(has=page.locator("input[name=login]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def shoot(url: str, paths: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for who, shots in pages(paths).items():
            for width in WIDTHS.values():
                context = browser.new_context(viewport={"width": width, "height": 800})
                page = context.new_page()
                if who:
                    log_in(page, url, who)
                for name, path in shots:
                    page.goto(url + path)
                    target = OUT / f"{name}-{width}.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="screenshots-") as var_dir:
        port = free_port()
        env = environment(Path(var_dir), port)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
        manage(env, "seed_outreach_demo")
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, server)
            written = shoot(url, demo_paths(env))
        finally:
            server.terminate()
            server.wait(timeout=15)
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()

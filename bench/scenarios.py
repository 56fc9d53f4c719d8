"""What `make bench` drives, and how big the run is (full, or the CI smoke run)."""

from dataclasses import dataclass, field
from pathlib import Path

BASELINE_PATH = "/bench/static.ics"  # bench/urls.py: a constant string, the floor


@dataclass(frozen=True)
class Sizes:
    talks: int
    rsvps_per_talk: int
    seconds: float  # each measured scenario
    warm_up_seconds: float  # each GET scenario, once, before any is measured
    members: int
    rsvp_talks: int
    new_rsvps: int
    cancellations: int
    fanout_reminders: int
    impact_repeats: int  # requests timed of each impact dashboard path (bench/impact.py)


FULL = Sizes(
    talks=5000,
    rsvps_per_talk=20,
    seconds=20,
    warm_up_seconds=3,
    members=600,
    rsvp_talks=300,
    new_rsvps=3000,
    cancellations=1000,
    fanout_reminders=10_000,
    impact_repeats=20,
)
SMOKE = Sizes(
    talks=30,
    rsvps_per_talk=5,
    seconds=2,
    warm_up_seconds=1,
    members=20,
    rsvp_talks=10,
    new_rsvps=60,
    cancellations=20,
    fanout_reminders=200,
    impact_repeats=3,
)


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    path: str
    headers: dict = field(default_factory=dict)
    connections: int = 16
    threads: int = 2
    lines: Path | None = None  # rotate over these requests (bench/wrk.lua)
    # GETs must answer 2xx/3xx, or the harness (not the service) is broken.
    get: bool = True


def baseline() -> Scenario:
    return Scenario("constant", "constant view (`/bench/static.ics`)", BASELINE_PATH)


def get_scenarios(
    talk_lines: Path, sample_talk: str, upcoming_lines: Path, etag: str
) -> list[Scenario]:
    """The GET scenarios, with the talk pages to rotate over and the feed's ETag.

    Two talk-page scenarios: the next 200 upcoming talks, the pages people open, which
    the warm-up has rendered and the page cache keeps; and every one of the 5,000 talks
    in turn, where nearly every request renders a page nobody has asked for yet.
    """
    return [
        Scenario("home", "`/` (home)", "/"),
        Scenario("past", "`/talks/past/`", "/talks/past/"),
        Scenario("talk_kept", "`/talks/<slug>/` (the next 200 talks, kept)", sample_talk,
                 lines=upcoming_lines),
        Scenario("talk", "`/talks/<slug>/` (every talk in turn: rendered)", sample_talk,
                 lines=talk_lines),
        Scenario("feed", "`/calendar.ics` full", "/calendar.ics"),
        Scenario("feed_gzip", "`/calendar.ics` full, `Accept-Encoding: gzip`", "/calendar.ics",
                 headers={"Accept-Encoding": "gzip"}),
        Scenario("feed_304", "`/calendar.ics` 304 (`If-None-Match`)", "/calendar.ics",
                 headers={"If-None-Match": etag}),
        Scenario("feed_single", "`/calendar.ics` full, one client", "/calendar.ics",
                 connections=1, threads=1),
    ]  # fmt: skip


def rsvp_scenario(lines: Path) -> Scenario:
    return Scenario(
        "rsvp_mix",
        "RSVP mix (new, cancel, waitlist; members)",
        "/",
        connections=50,
        lines=lines,
        get=False,
    )

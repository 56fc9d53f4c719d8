"""The generated section of docs/benchmarks.md replaces only itself; targets are judged
from the numbers given (no load is run)."""

from bench import report
from bench.report import BEGIN, END, Outcome, Results
from bench.scenarios import SMOKE, Scenario, baseline
from bench.wrk import LoadResult

HAND_WRITTEN = "# Benchmarks\n\nIntro.\n\n## Feed\n\nNotes.\n"


def load(rps: float, p95_ms: float = 10.0, status: int = 0) -> LoadResult:
    errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0, "status": status}
    return LoadResult(int(rps * 10), 10.0, 0, errors, 1.0, p95_ms, p95_ms, p95_ms)


def test_the_first_section_goes_before_the_hand_written_ones():
    updated = report.document_update(HAND_WRITTEN, f"{BEGIN}\nfirst\n{END}")

    assert updated == f"# Benchmarks\n\nIntro.\n\n{BEGIN}\nfirst\n{END}\n\n## Feed\n\nNotes.\n"


def test_a_new_run_replaces_only_the_generated_section():
    once = report.document_update(HAND_WRITTEN, f"{BEGIN}\nfirst\n{END}")

    twice = report.document_update(once, f"{BEGIN}\nsecond\n{END}")

    assert twice == f"# Benchmarks\n\nIntro.\n\n{BEGIN}\nsecond\n{END}\n\n## Feed\n\nNotes.\n"


def test_ratios_are_to_the_mean_of_the_constant_view_before_and_after():
    results = Results(False, "today", "machine", {}, "make bench", SMOKE)
    results.baseline_before = Outcome(baseline(), load(900))
    results.baseline_after = Outcome(baseline(), load(1100))
    results.outcomes = [Outcome(Scenario("home", "home", "/"), load(500))]

    assert (results.baseline_rps, results.ratio("home")) == (1000, 0.5)


def test_targets_say_reached_missed_or_not_measured():
    results = Results(False, "today", "machine", {}, "make bench", SMOKE)
    results.baseline_before = Outcome(baseline(), load(1000))
    results.outcomes = [
        Outcome(Scenario("home", "home", "/"), load(500)),
        Outcome(Scenario("feed_304", "304", "/calendar.ics"), load(700)),
        Outcome(Scenario("feed_single", "one", "/calendar.ics"), load(5, p95_ms=150)),
        Outcome(Scenario("rsvp_mix", "mix", "/", get=False), load(50, p95_ms=200, status=1)),
    ]
    results.rsvp = {"oversold": 0}
    results.fanout = {"ratio": 0.6}
    results.impact = {"dashboard": {"median_ms": 400.0, "max_ms": 1200.0}}
    results.seeding_seconds = 30.0

    verdicts = [reached for _name, reached, _measured in report.targets(results)]

    assert verdicts == [True, None, None, None, False, False, False, True, False, True]


def test_a_run_that_broke_early_still_has_a_section_naming_the_failure():
    results = Results(True, "today", "machine", {}, "make bench BENCH_SMOKE=1", SMOKE)
    results.failures = ["port 8301 is in use on 127.0.0.1"]

    text = report.section(results, plot_name=None)

    assert (text.splitlines()[0], text.splitlines()[-1]) == (BEGIN, END)
    assert "- port 8301 is in use on 127.0.0.1" in text.splitlines()


def test_the_impact_dashboard_has_its_line_in_the_report():
    results = Results(True, "today", "machine", {}, "make bench BENCH_SMOKE=1", SMOKE)
    timed = {"median_ms": 80.0, "max_ms": 120.0}
    results.impact = {"talks": 30, "repeats": 3, "ratio": 0.25, "ratio_filtered": 0.5}
    results.impact |= {key: timed for key in ("home", "dashboard", "dashboard_filtered", "csv")}

    text = report.section(results, plot_name=None)

    assert "Ratio to the home page (home ms ÷ dashboard ms): 0.250, filtered 0.500." in text
    assert "- impact dashboard (30 talks): slowest request < 1 s: **reached** (slowest 120 ms)" in (
        text.splitlines()
    )

"""The reminder fan-out for `make bench`: bench/reminder_fanout.py, run in a process of
its own on the run's database, its result printed as one JSON line.

It calls `reminder_fanout.measure(count)` (a dict with at least `ratio`) when that
exists, and otherwise runs the script's `main()` and reads the numbers it prints.

    python -m bench.fanout --count 10000
"""

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from pathlib import Path

PRINTED = {
    "ratio": r"ratio \(service / smtplib ceiling\):\s*([\d.]+)",
    "service_per_s": r"service path:\s*([\d.]+) messages/s",
    "ceiling_per_s": r"smtplib loop:\s*([\d.]+) messages/s",
}


def read_printed(output: str) -> dict:
    """The numbers reminder_fanout.py's main() prints."""
    found = {}
    for key, pattern in PRINTED.items():
        match = re.search(pattern, output)
        if match:
            found[key] = float(match.group(1))
    if "ratio" not in found:
        raise ValueError(f"no ratio in reminder_fanout.py's output:\n{output}")
    return found


def measure(count: int) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # as the bench scripts expect
    import reminder_fanout

    if hasattr(reminder_fanout, "measure"):
        from in_process import configure

        with tempfile.TemporaryDirectory() as workdir:
            configure(workdir)
            return dict(reminder_fanout.measure(count))
    printed = io.StringIO()
    sys.argv = ["reminder_fanout.py", "--count", str(count)]
    with contextlib.redirect_stdout(printed):
        reminder_fanout.main()
    return read_printed(printed.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    result = measure(parser.parse_args().count)
    print("BENCH_JSON " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()

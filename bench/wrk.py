"""Drive one URL (or a file of requests) with wrk for a fixed time and read its numbers.

wrk (Debian's package) keeps a fixed number of connections busy and records every
request's latency; bench/wrk.lua adds rotation over many requests and prints the
summary as one JSON line, which is easier to trust than wrk's human-readable units.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SCRIPT = Path(__file__).with_name("wrk.lua")
MARK = "BENCH_JSON "
# A request slower than this counts as a timeout (a socket error), not as a latency.
REQUEST_TIMEOUT_SECONDS = 10


class WrkError(RuntimeError):
    """wrk could not run, or printed no summary."""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    bytes: int
    # connect, read, write, timeout (socket errors) and status (responses of 400 or more)
    errors: dict
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def socket_errors(self) -> int:
        return sum(self.errors[kind] for kind in ("connect", "read", "write", "timeout"))

    @property
    def status_errors(self) -> int:
        """Responses that were not 2xx or 3xx (wrk counts status >= 400)."""
        return self.errors["status"]


def parse(output: str) -> LoadResult:
    """The LoadResult in wrk's output (the BENCH_JSON line bench/wrk.lua prints)."""
    for line in output.splitlines():
        if line.startswith(MARK):
            data = json.loads(line[len(MARK) :])
            latency = data["latency_us"]
            return LoadResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                bytes=data["bytes"],
                errors=data["errors"],
                p50_ms=latency["p50"] / 1000,
                p95_ms=latency["p95"] / 1000,
                p99_ms=latency["p99"] / 1000,
                max_ms=latency["max"] / 1000,
            )
    raise WrkError(f"wrk printed no summary:\n{output}")


def version() -> str:
    """wrk's version line (`wrk --version` prints it, then exits 1)."""
    run = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    line = (run.stdout or run.stderr).splitlines()[0]  # "wrk debian/4.1.0-3+b2 [epoll] Copyright"
    return line.removeprefix("wrk ").split(" Copyright")[0]


def wrk_command(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    headers: dict | None = None,
    lines: Path | None = None,
) -> list[str]:
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"the benchmark sends traffic to 127.0.0.1 only, not {url}")
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={REQUEST_TIMEOUT_SECONDS}s",
        f"--script={SCRIPT}",
    ]
    for name, value in (headers or {}).items():
        command.append(f"--header={name}: {value}")
    command.append(url)
    if lines is not None:
        command += ["--", str(lines), str(threads)]
    return command


def run(url: str, *, seconds: float, connections: int, threads: int, **options) -> LoadResult:
    """Load `url` for `seconds` with `connections` over `threads`; see wrk_command."""
    if shutil.which("wrk") is None:
        raise WrkError("wrk is not installed (apt-get install -y wrk)")
    command = wrk_command(url, seconds=seconds, connections=connections, threads=threads, **options)
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if done.returncode != 0:
        raise WrkError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse(done.stdout)

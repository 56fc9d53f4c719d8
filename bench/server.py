"""gunicorn for the run: the production command (config/gunicorn.conf.py, as in
docker-compose.yml and the image), serving bench.wsgi (the service plus the constant
view) on 127.0.0.1. It is stopped however the run ends, even by Ctrl-C."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = "config/gunicorn.conf.py"
READY_PATH = "/bench/static.ics"
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 20


class ServerError(RuntimeError):
    """gunicorn did not start, or stopped by itself."""


def gunicorn_command(port: int, control_socket: Path) -> list[str]:
    """docker-compose.yml's command, with the benchmark's app and a loopback address.

    And a control socket of its own: gunicorn's default is one path per user
    (~/.gunicorn/gunicorn.ctl), which any other gunicorn on the machine would take over.
    """
    return [
        sys.executable, "-m", "gunicorn", "bench.wsgi",
        "--config", CONFIG,
        "--bind", f"127.0.0.1:{port}",
        "--control-socket", str(control_socket),
    ]  # fmt: skip


def port_free(port: int) -> bool:
    """Nothing listens there (connections of an earlier run still in TIME_WAIT do not
    count: gunicorn binds with SO_REUSEADDR, and so does this probe)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    log_path: Path

    def check(self) -> None:
        """Raise ServerError if gunicorn has stopped by itself."""
        if self.process.poll() is not None:
            raise ServerError(
                f"gunicorn stopped during the run ({self.process.returncode}):\n"
                + _tail(self.log_path)
            )


@contextmanager
def gunicorn(environment: dict, port: int, log_path: Path):
    """Run gunicorn until the block ends; yields a Server."""
    if not port_free(port):
        raise ServerError(f"port {port} is in use on 127.0.0.1 (set BENCH_PORT to another)")
    with log_path.open("wb") as log:
        # Its own process group, so stopping it stops its workers, and a Ctrl-C meant for
        # the run reaches gunicorn only through the stop below.
        process = subprocess.Popen(
            gunicorn_command(port, log_path.with_name("gunicorn.ctl")),
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_ready(process, port, log_path)
            yield Server(process, log_path)
        finally:
            _stop(process)


def _wait_until_ready(process, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited ({process.returncode}):\n{_tail(log_path)}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", READY_PATH)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServerError(
        f"gunicorn did not answer within {START_TIMEOUT_SECONDS} s:\n{_tail(log_path)}"
    )


def _stop(process) -> None:
    """Stop gunicorn's whole process group: workers too, even if the master died."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except ProcessLookupError:  # the group is gone already
        process.wait(timeout=STOP_TIMEOUT_SECONDS)


def _tail(log_path: Path, lines: int = 30) -> str:
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])

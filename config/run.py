"""`make run`: the web server, a Celery worker and Celery beat together.

The web server listens on HOST:PORT (settings.PORT). The worker and beat inherit the
same environment, so without SITE_URL all three link to that port (config/settings.py).
Ctrl-C (or SIGTERM) stops all three and waits for them to finish.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time

import django

HOST = os.environ.get("HOST", "127.0.0.1")
STOP_TIMEOUT_SECONDS = 15


def port() -> int:
    from django.conf import settings

    return settings.PORT


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [python, "manage.py", "runserver", f"{HOST}:{port()}"],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
        ],
        "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
    }


def signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM each main process (Celery then shuts its pool down warmly), wait, then
    clear whatever is left in its process group (runserver's reloaded child)."""
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for name, process in processes.items():
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            signal_group(process, signal.SIGKILL)
            process.wait()
            say(f"{name} did not stop in time and was killed.")
        signal_group(process, signal.SIGTERM)


def say(text: str) -> None:
    """Print, unless the terminal is gone: stopping the children matters more."""
    with contextlib.suppress(OSError):
        print(text, flush=True)


def wait_for_web(timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port()), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


def raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def banner() -> str:
    from django.conf import settings

    from events.demo import DEMO_COORDINATOR, DEMO_MEMBER

    mail_folder = settings.EMAIL_DELIVERY.get("file_path")
    mail_line = (
        f"emails land in:   {mail_folder} (.eml files)"
        if mail_folder
        else (f"emails go through: {settings.EMAIL_DELIVERY['backend']}")
    )
    return (
        f"\nCommunity Talks is running at http://{HOST}:{port()}/\n"
        f"  demo member:      {DEMO_MEMBER.email} / {DEMO_MEMBER.password}\n"
        f"  demo coordinator: {DEMO_COORDINATOR.email} / {DEMO_COORDINATOR.password}\n"
        f"  {mail_line}\n"
        f"  health:           http://{HOST}:{port()}/healthz\n"
        "Press Ctrl-C to stop the web server, worker and beat.\n"
    )


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    # Each child gets its own process group, so one Ctrl-C reaches this launcher
    # only and it stops the three in order instead of racing them.
    processes = {
        name: subprocess.Popen(command, start_new_session=True)
        for name, command in commands().items()
    }
    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)
    try:
        wait_for_web()
        say(banner())
        while all(process.poll() is None for process in processes.values()):
            time.sleep(0.5)
        failed = [name for name, process in processes.items() if process.poll() is not None]
        say(f"{', '.join(failed)} exited; stopping the rest.")
        return 1
    except KeyboardInterrupt:
        say("\nStopping the web server, worker and beat…")
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())

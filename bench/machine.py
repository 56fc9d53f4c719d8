"""The machine and the versions a run was measured with, for the report."""

import os
import platform
from pathlib import Path


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def machine() -> str:
    kib = _first("/proc/meminfo", "MemTotal").split()[0]
    memory = f"{int(kib) / 1024**2:.0f} GiB" if kib.isdigit() else "unknown memory"
    cpu = _first("/proc/cpuinfo", "model name")
    return f"{os.cpu_count()} cores, {memory}, {cpu} ({platform.system()} {platform.release()})"


def versions(wrk_version: str) -> dict:
    """Needs Django set up on the run's database."""
    import django
    import gunicorn
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": postgres.split()[0],
        "gunicorn": gunicorn.__version__,
        "wrk": wrk_version,
    }

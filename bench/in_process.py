"""Set up Django in this process for a benchmark, on a database it may fill and empty.

BENCH_DATABASE_URL names it (say, a scratch PostgreSQL database); without it, SQLite in
the benchmark's temporary folder.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure(workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ["VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

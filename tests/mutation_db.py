"""A database of its own for each test run under mutmut (`make mutate`, docs/testing.md).

mutmut loads this plugin (`-p tests.mutation_db` in pyproject's [tool.mutmut]); the normal
test run never does. mutmut tests several mutants at once, each in a forked process that
runs pytest in mutants/. Runs sharing one test database would see each other's rows and
fail for that, not for the mutant. So each run takes a free slot, a lock file it holds
while it lives, and pytest-django's parallel suffix names its database after the slot:
test_<NAME>_mutmut<slot>, created once and kept (--reuse-db) for the next run that takes
the slot, since creating one costs more than most mutants' tests. A kept database is
emptied when a run starts: a run stopped mid-test (a mutant that hangs is killed) may have
left rows behind.

Emptied, it also lacks what data migrations made (the coordinators group): as after any
transactional test, the tests mutmut runs create what they need with the factories.
"""

import fcntl
import os
from pathlib import Path

import pytest

SLOTS = 32
_held = []


def pytest_configure(config):
    for slot in range(SLOTS):
        # Held open while the run lives (closed in pytest_unconfigure), so not a `with`.
        lock = Path(f".mutation-db-slot-{slot}").open("w")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        _held.append(lock)
        # Read by pytest-django's django_db_modify_db_settings_tox_suffix.
        os.environ["TOX_PARALLEL_ENV"] = f"mutmut{slot}"
        return
    raise pytest.UsageError(f"mutation_db: all {SLOTS} database slots are taken")


@pytest.fixture(scope="session", autouse=True)
def _kept_database_emptied(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def pytest_unconfigure(config):
    while _held:
        _held.pop().close()

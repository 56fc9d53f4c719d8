"""Where `make bench` runs: its own PostgreSQL database, its own Redis database, and the
environment every process of the run (manage.py, gunicorn, this one) shares.

The database is dropped and created afresh, so its name must say it is a benchmark's;
the Redis database is emptied at the start and the end. Settings are production's
(DEBUG off, a shared cache) except where a benchmark must differ: plain HTTP on
loopback, no proxy in front.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg
import redis
from psycopg import sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/community_talks_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/12"
DEFAULT_PORT = 8301
# Variables of the caller's shell that must not leak into the run (CI exports the test
# database as DATABASE_URL: the benchmark never touches it).
NOT_INHERITED = ("DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")


class SetupError(RuntimeError):
    """The run cannot start: a bad setting, or a service that does not answer."""


@dataclass(frozen=True)
class Place:
    database_url: str
    cache_url: str
    port: int
    workdir: Path
    # One key for the whole run: sessions made in this process must open in gunicorn.
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(64), repr=False)

    @classmethod
    def from_environment(cls, workdir: Path) -> "Place":
        place = cls(
            database_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
            cache_url=os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL),
            port=int(os.environ.get("BENCH_PORT", DEFAULT_PORT)),
            workdir=workdir,
        )
        place.check()
        return place

    @property
    def database_name(self) -> str:
        return dj_database_url.parse(self.database_url)["NAME"]

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def check(self) -> None:
        if not self.database_url.startswith(("postgres://", "postgresql://")):
            raise SetupError("BENCH_DATABASE_URL must be a postgres:// URL.")
        if "bench" not in self.database_name:
            raise SetupError(
                f"BENCH_DATABASE_URL names {self.database_name!r}: the benchmark drops and "
                "re-creates its database, so the name must contain 'bench'."
            )
        if self.database_url == os.environ.get("DATABASE_URL"):
            raise SetupError("BENCH_DATABASE_URL must not be the service's DATABASE_URL.")
        if not self.cache_url.startswith("redis://"):
            raise SetupError("BENCH_CACHE_URL must be a redis:// URL.")
        if self.port == 8000:
            raise SetupError("BENCH_PORT must not be 8000 (the port `make run` serves on).")


def run_environment(place: Place, *, debug: bool = False) -> dict:
    """The environment of every process in the run. Seeding needs `debug=True`: seed_demo
    refuses to load demo logins with DEBUG off."""
    environment = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    environment.update(
        DEBUG="true" if debug else "false",
        SECRET_KEY=place.secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=place.site_url,
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback; production has a TLS proxy
        TRUSTED_PROXY_COUNT="0",
        DATABASE_URL=place.database_url,
        CACHE_URL=place.cache_url,
        # Tasks are queued as in production (Redis) but no worker runs: the run measures
        # the web process; the queue is emptied with the cache.
        CELERY_BROKER_URL=place.cache_url,
        EMAIL_URL=f"file://{place.workdir / 'mail'}",
        VAR_DIR=str(place.workdir / "var"),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return environment


def _maintenance_connection(place: Place):
    """A connection to the server's `postgres` database, from which ours is dropped."""
    settings = dj_database_url.parse(place.database_url)
    try:
        return psycopg.connect(
            dbname="postgres",
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as error:
        raise SetupError(f"PostgreSQL does not answer at {place.database_url}: {error}") from None


def database_recreate(place: Place) -> None:
    with _maintenance_connection(place) as connection:
        name = sql.Identifier(place.database_name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def database_drop(place: Place) -> None:
    with _maintenance_connection(place) as connection:
        name = sql.Identifier(place.database_name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def cache_empty(place: Place) -> None:
    """Empty the run's Redis database (cached feeds of an earlier run, queued tasks)."""
    try:
        redis.Redis.from_url(place.cache_url, socket_timeout=5).flushdb()
    except redis.RedisError as error:
        raise SetupError(f"Redis does not answer at {place.cache_url}: {error}") from None

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import email_delivery_from_url

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "s" * 64


def start_django(**environment) -> subprocess.CompletedProcess:
    """Start Django in a fresh interpreter with exactly these variables set."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start():
    result = start_django(DEBUG="false", ALLOWED_HOSTS="talks.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_short_secret_key_refuses_to_start():
    result = start_django(DEBUG="false", SECRET_KEY="short", ALLOWED_HOSTS="talks.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = start_django(DEBUG="false", SECRET_KEY=GOOD_SECRET)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "talks.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/12",
}


def test_production_with_real_values_starts():
    result = start_django(**PRODUCTION)

    assert result.returncode == 0, result.stderr


def test_production_without_a_shared_cache_refuses_to_start():
    """Rate limits kept in each process's memory are no limits."""
    result = start_django(**{**PRODUCTION, "CACHE_URL": ""})

    assert result.returncode != 0
    assert "CACHE_URL must name a shared cache" in result.stderr


def settings_value(name: str, **environment) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; "
            f"print(settings.{name})",
        ],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_without_secret_key_each_installation_makes_its_own_and_keeps_it(tmp_path):
    first = settings_value("SECRET_KEY", VAR_DIR=str(tmp_path / "one"))
    again = settings_value("SECRET_KEY", VAR_DIR=str(tmp_path / "one"))
    elsewhere = settings_value("SECRET_KEY", VAR_DIR=str(tmp_path / "two"))

    assert first == again
    assert first != elsewhere
    assert len(first) >= 50
    assert (tmp_path / "one" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_trusted_proxy_count_comes_from_the_environment():
    assert settings_value("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="1") == "1"


def test_unknown_time_zone_names_the_variable():
    result = start_django(TIME_ZONE="Mars/Olympus_Mons")

    assert result.returncode != 0
    assert "TIME_ZONE 'Mars/Olympus_Mons' is not an IANA time zone name." in result.stderr


def test_unreadable_debug_value_names_the_variable():
    result = start_django(DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'." in result.stderr


def test_default_time_zone_is_denver(settings):
    if "TIME_ZONE" in os.environ:
        pytest.skip("TIME_ZONE is set in this environment")
    assert settings.TIME_ZONE == "America/Denver"


def test_email_url_smtp_with_starttls_and_credentials():
    delivery = email_delivery_from_url("smtp+tls://mailer:p%40ss@mail.example.org:2525")

    assert delivery == {
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "host": "mail.example.org",
        "port": 2525,
        "username": "mailer",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
    }


def test_email_url_smtps_defaults_to_port_465():
    delivery = email_delivery_from_url("smtps://mail.example.org")

    assert (delivery["port"], delivery["use_ssl"], delivery["use_tls"]) == (465, True, False)


def test_email_url_file_writes_eml_files_to_the_folder():
    delivery = email_delivery_from_url("file:///srv/mail")

    assert delivery == {
        "backend": "notifications.backends.EmlFileBackend",
        "file_path": "/srv/mail",
    }


def test_email_url_unknown_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme 'http' is not one of"):
        email_delivery_from_url("http://mail.example.org")


def settings_in_fresh_process(*names: str, **environment) -> dict:
    """The named settings as a fresh interpreter with exactly these variables sees them."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    script = (
        "import json, sys, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *names],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_site_url_follows_port_when_it_is_not_set():
    found = settings_in_fresh_process("SITE_URL", "CSRF_TRUSTED_ORIGINS", PORT="8201")

    assert found == {
        "SITE_URL": "http://127.0.0.1:8201",
        "CSRF_TRUSTED_ORIGINS": ["http://127.0.0.1:8201"],
    }


def test_site_url_when_set_wins_over_port():
    found = settings_in_fresh_process(
        "SITE_URL", PORT="8201", SITE_URL="https://talks.example.org/"
    )

    assert found == {"SITE_URL": "https://talks.example.org"}


def test_unreadable_port_names_the_variable():
    result = start_django(PORT="eighty")

    assert result.returncode != 0
    assert "PORT must be a whole number, not 'eighty'." in result.stderr


def test_cache_url_puts_the_calendar_caches_in_redis_beside_the_default():
    url = "redis://cache.example.org:6379/1"

    found = settings_in_fresh_process("CACHES", CACHE_URL=url)

    redis = "config.cache.RedisCache"
    assert found["CACHES"] == {
        "default": {"BACKEND": redis, "LOCATION": url},
        "calendar": {
            "BACKEND": redis,
            "LOCATION": url,
            "KEY_PREFIX": "calendar-vevents",
            "TIMEOUT": 60 * 60 * 24 * 7,
        },
        "calendar_documents": {
            "BACKEND": redis,
            "LOCATION": url,
            "KEY_PREFIX": "calendar-documents",
            "TIMEOUT": 60 * 60,
        },
        "pages": {
            "BACKEND": redis,
            "LOCATION": url,
            "KEY_PREFIX": "public-pages",
            "TIMEOUT": 60 * 10,
        },
    }


def test_without_cache_url_every_cache_is_in_process_memory():
    found = settings_in_fresh_process("CACHES")

    backends = {alias: cache["BACKEND"] for alias, cache in found["CACHES"].items()}
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    assert backends == {
        "default": locmem,
        "calendar": locmem,
        "calendar_documents": locmem,
        "pages": locmem,
    }


def test_document_cache_turned_off_stays_off_with_cache_url():
    found = settings_in_fresh_process(
        "CACHES", CACHE_URL="redis://cache.example.org:6379/1", CALENDAR_DOCUMENT_CACHE_ENTRIES="0"
    )

    assert found["CACHES"]["calendar_documents"] == {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    }


def test_deploy_check_passes_with_a_shared_cache(tmp_path):
    """What .ci/run checks, here too: production settings with CACHE_URL set."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    environment = {
        **keep,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "talks.example.org",
        "SITE_URL": "https://talks.example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587",
        "CACHE_URL": "redis://127.0.0.1:6379/14",
        "VAR_DIR": str(tmp_path),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")

import os
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


def test_production_with_real_values_starts():
    result = start_django(DEBUG="false", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="talks.example.org")

    assert result.returncode == 0, result.stderr


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

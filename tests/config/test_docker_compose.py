from pathlib import Path

import pytest
import yaml

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_every_production_service_is_described(services):
    assert sorted(services) == ["beat", "postgres", "redis", "web", "worker"]


def test_every_service_has_a_healthcheck(services):
    missing = [
        name for name, service in services.items() if "test" not in service.get("healthcheck", {})
    ]

    assert missing == []


def test_web_worker_and_beat_share_one_image_and_one_environment(services):
    images = {services[name]["image"] for name in APP_SERVICES}
    environments = [services[name]["environment"] for name in APP_SERVICES]

    assert len(images) == 1
    assert environments[0] == environments[1] == environments[2]


def test_app_environment_has_no_development_defaults(services):
    environment = services["web"]["environment"]

    assert environment["DEBUG"] == "false"
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL"):
        assert environment[name].startswith(f"${{{name}:?"), (
            f"{name} must be required, not defaulted"
        )
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["CELERY_BROKER_URL"].startswith("redis://")


def test_web_runs_gunicorn_and_worker_and_beat_run_the_config_celery_app(services):
    assert "gunicorn config.wsgi" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_static_files_are_served_by_whitenoise(settings):
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE

"""Production and the benchmark start gunicorn with one shared configuration."""

from pathlib import Path

import yaml

from bench.server import CONFIG, gunicorn_command

ROOT = Path(__file__).resolve().parents[2]


def test_compose_the_image_and_the_benchmark_share_the_gunicorn_config():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = " ".join(compose["services"]["web"]["command"])
    dockerfile = (ROOT / "Dockerfile").read_text()
    bench = gunicorn_command(8301, Path("gunicorn.ctl"))

    assert f"gunicorn config.wsgi --config {CONFIG}" in web
    assert f'CMD ["gunicorn", "config.wsgi", "--config", "{CONFIG}"]' in dockerfile
    assert bench[bench.index("--config") + 1] == CONFIG
    assert bench[bench.index("--bind") + 1] == "127.0.0.1:8301"


def test_two_workers_per_core(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 3)
    settings = {}

    exec((ROOT / CONFIG).read_text(), settings)  # noqa: S102 - our own config file

    assert (settings["workers"], settings["bind"]) == (6, "0.0.0.0:8000")

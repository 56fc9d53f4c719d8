"""SQL queries per request, counted in this process with Django's test client on the
run's database and cache, one request each, after the server's warm-up has filled the
shared caches (the counts are the warm state every later request sees)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Probe:
    """One request: GET unless `data` is given (then a form POST)."""

    path: str
    headers: dict = field(default_factory=dict)
    data: dict | None = None
    session_key: str | None = None


def queries_of(probe: Probe) -> tuple[int, int]:
    """(status, number of SQL queries) of one request."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", headers=probe.headers)
    if probe.session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = probe.session_key
    with CaptureQueriesContext(connection) as captured:
        if probe.data is None:
            response = client.get(probe.path)
        else:
            response = client.post(probe.path, probe.data)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, len(captured.captured_queries)

"""Every response carries a Content-Security-Policy that allows no inline script."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/calendar.ics", "/healthz"])
def test_every_response_carries_the_content_security_policy(client, path, settings):
    policy = client.get(path)["Content-Security-Policy"]

    assert policy == settings.CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy

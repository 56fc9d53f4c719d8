"""A crash shows our own page, in our words, without needing the database or the cache
(Django's server_error view renders 500.html with no request context)."""

import pytest
from django.test import Client
from django.urls import path


def crash(request):
    raise RuntimeError("a bug")


# Only the crashing view: importing the site's URLconf here, while pytest collects, would
# build it with DEBUG still on (and the media route with it) for every later test.
urlpatterns = [path("crash/", crash)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_crash_shows_our_500_page_and_no_details(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/crash/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "Nothing you sent was lost or shared" in page
    assert ("RuntimeError" in page, "a bug" in page) == (False, False)

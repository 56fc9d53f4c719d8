"""The branding every page shows is read from the shared cache: one query when the cache
has none, none after; a change is seen by the next read."""

import pytest
from django.core.cache import caches

from events import services
from notifications.branding import CACHE_KEY, branding_current

pytestmark = pytest.mark.django_db

CHANGE = {
    "organisation_name": "Larimer Wellness Collective",
    "logo": "",
    "accent_colour": "#7a1f5c",
    "about": "",
    "contact_email": "",
    "crisis_notice": "Call 988.",
    "crisis_notice_everywhere": False,
}


def test_a_cold_cache_costs_one_query_then_none(django_assert_num_queries, settings):
    caches["pages"].delete(CACHE_KEY)

    with django_assert_num_queries(1):
        cold = branding_current()
    with django_assert_num_queries(0):
        warm = branding_current()

    assert cold == warm
    assert (warm.name, warm.accent, warm.crisis_notice) == (settings.SITE_NAME, "", "")


def test_a_change_is_read_at_once_and_the_notice_only_when_switched_on():
    branding_current()

    services.branding_change(**CHANGE)
    off = branding_current()
    services.branding_change(**{**CHANGE, "crisis_notice_everywhere": True})
    on = branding_current()

    assert (off.name, off.accent, off.crisis_notice) == (
        "Larimer Wellness Collective",
        "#7a1f5c",
        "",
    )
    assert on.crisis_notice == "Call 988."
    assert off.stylesheet_version == on.stylesheet_version

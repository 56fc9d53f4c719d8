"""`seed_outreach_demo` adds the demo partners co-hosting demo talks, once."""

import pytest
from django.core.management import call_command

from outreach.models import CoHosting, Partner

pytestmark = pytest.mark.django_db


def test_seeding_twice_adds_the_demo_partners_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", talks=8, rsvps_per_talk=0, verbosity=0)

    call_command("seed_outreach_demo")
    call_command("seed_outreach_demo")

    assert sorted(Partner.objects.values_list("slug", flat=True)) == [
        "central-library",
        "families-together",
        "veterans-peer-support",
    ]
    cohosts_per_talk = sorted(
        CoHosting.objects.values_list("talk__slug", flat=True).order_by("talk__start")
    )
    assert len(cohosts_per_talk) == 9
    assert len(set(cohosts_per_talk)) == 6

"""The calendar files a talk's emails carry are built once per version of the talk and
kept: the next RSVP's email carries the same bytes, and any change they show makes new
ones."""

import pytest
from django.core.cache import caches

from events import services
from events.email_facts import calendar_files
from events.models import Talk, Venue
from tests.conftest import deliver_due
from tests.events.test_email_calendar import calendar_texts, rsvp_as_member
from tests.factories import TalkFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_two_rsvps_to_one_talk_carry_the_same_calendar_file_built_once():
    talk = TalkFactory()
    rsvp_as_member(talk, "first@example.org")
    kept = len(caches["calendar"]._cache)

    rsvp_as_member(talk, "second@example.org")
    first, second = deliver_due()

    assert len(caches["calendar"]._cache) == kept  # nothing new was built
    assert calendar_texts(first) == calendar_texts(second)


def test_a_venue_moved_shows_in_the_next_file():
    talk = TalkFactory(venue=VenueFactory(address="1 Old Road"))
    calendar_files(talk)
    Venue.objects.filter(pk=talk.venue_id).update(address="2 New Road")

    event, _withdrawal = calendar_files(Talk.objects.select_related("venue").get(pk=talk.pk))

    assert "2 New Road" in event.plain
    assert "1 Old Road" not in event.plain


def test_a_renamed_talk_gets_a_new_file_and_the_old_one_stays_for_the_old_version():
    talk = TalkFactory(title="Before")
    before, _ = calendar_files(talk)

    renamed = services.talk_update(talk=talk, by=UserFactory(), title="After")
    after, _ = calendar_files(renamed)

    assert "SUMMARY:Before" in before.plain
    assert "SUMMARY:After" in after.plain
    assert "Community talk" in after.discreet
    assert "After" not in after.discreet

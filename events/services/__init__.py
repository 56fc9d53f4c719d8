"""What the service does to talks, RSVPs and personal feeds, by noun.

`grep "def rsvp_" events/services/` lists everything it can do to an RSVP. The names
are re-exported here, so callers write `services.rsvp_create(...)`.
"""

from events.services.audit import attendee_list_access_record
from events.services.branding import branding_change
from events.services.feeds import calendar_feed_for, calendar_feed_rotate, calendar_feed_update
from events.services.invitations import (
    CoordinatorInvitationInvalid,
    coordinator_invitation_accept,
    coordinator_invitation_revoke,
    coordinator_invite,
)
from events.services.members import member_rename
from events.services.programme import (
    ProgrammeInUse,
    series_create,
    series_delete,
    series_update,
    speaker_create,
    speaker_delete,
    speaker_update,
    topic_create,
    topic_delete,
    topic_update,
    venue_create,
    venue_delete,
    venue_update,
)
from events.services.retention import attendees_anonymise_past, rsvps_anonymise
from events.services.rsvps import (
    RsvpNotPossible,
    RsvpOutcome,
    rsvp_cancel,
    rsvp_check_in,
    rsvp_check_in_undo,
    rsvp_confirm_email,
    rsvp_create,
    rsvp_party_change,
    rsvps_expire_unconfirmed,
    talk_seats_recount,
    talks_seats_recount,
    talks_seats_repair,
    waitlist_promote,
    waitlists_fill,
)
from events.services.schedule import email_settings_change, schedule_version_bump
from events.services.talks import (
    talk_cancel,
    talk_capacity_change,
    talk_cohosts_record,
    talk_create,
    talk_duplicate,
    talk_message_attendees,
    talk_message_test,
    talk_publish,
    talk_reschedule,
    talk_update,
    talks_calendar_touch,
    talks_send_thanks,
)
from events.services.walk_ins import walk_in_add, walk_in_remove

__all__ = [
    "CoordinatorInvitationInvalid",
    "ProgrammeInUse",
    "RsvpNotPossible",
    "RsvpOutcome",
    "attendee_list_access_record",
    "attendees_anonymise_past",
    "branding_change",
    "calendar_feed_for",
    "calendar_feed_rotate",
    "calendar_feed_update",
    "coordinator_invitation_accept",
    "coordinator_invitation_revoke",
    "coordinator_invite",
    "email_settings_change",
    "member_rename",
    "rsvp_cancel",
    "rsvp_check_in",
    "rsvp_check_in_undo",
    "rsvp_confirm_email",
    "rsvp_create",
    "rsvp_party_change",
    "rsvps_anonymise",
    "rsvps_expire_unconfirmed",
    "schedule_version_bump",
    "series_create",
    "series_delete",
    "series_update",
    "speaker_create",
    "speaker_delete",
    "speaker_update",
    "talk_cancel",
    "talk_capacity_change",
    "talk_cohosts_record",
    "talk_create",
    "talk_duplicate",
    "talk_message_attendees",
    "talk_message_test",
    "talk_publish",
    "talk_reschedule",
    "talk_seats_recount",
    "talk_update",
    "talks_calendar_touch",
    "talks_seats_recount",
    "talks_seats_repair",
    "talks_send_thanks",
    "topic_create",
    "topic_delete",
    "topic_update",
    "venue_create",
    "venue_delete",
    "venue_update",
    "waitlist_promote",
    "waitlists_fill",
    "walk_in_add",
    "walk_in_remove",
]

"""Who reaches what: every URL the service answers, for each kind of visitor, as data.

Each row names a route as the resolver spells it (ours, allauth's and the admin's), the
method, the object in the URL, and what each role gets: a status, or where it is sent.
A route added without rows fails `test_every_route_has_rows`. A refused POST (sent to
log in, 403, 404 or 405) also changes nothing stored.

Objects in URLs belong to someone: "member's RSVP" is the member's, so the other member,
the coordinator and the superuser reaching it by id is the test that ids lead nowhere.
Links in emails are bearer tokens: whoever holds the guest's link gets in (the rows say
so), and a forged link or one made for another purpose gets nobody in, superusers
included. So the guest, who has no account, has no standing beyond their links: their
column is the anonymous visitor's, and the rows prove nothing more is needed.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from events import services, tokens
from events.models import (
    AttendeeListAccess,
    CalendarFeed,
    CoordinatorInvitation,
    Rsvp,
    Series,
    Speaker,
    Talk,
    TalkChange,
    Topic,
    Venue,
    WalkIn,
)
from notifications.models import (
    ConsentRecord,
    EmailPreference,
    EmailSettings,
    OutgoingEmail,
    SiteBranding,
)
from notifications.preferences import email_settings_update
from notifications.selectors import preference_stored
from outreach.models import (
    CoHosting,
    FeedbackAnswer,
    FeedbackItem,
    FeedbackResponse,
    FeedbackToken,
    Partner,
    PreferredDate,
    Question,
    Resource,
    SpeakerLink,
    Subscriber,
    TalkRequest,
    TalkRequestChange,
)
from outreach.request_tokens import talk_request_status_token
from outreach.services import feedback, questions
from outreach.services.announcements import subscriber_confirm_token
from tests.events.test_coordinator_talk_form import NEXT_YEAR, talk_data
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    PartnerFactory,
    ResourceFactory,
    RsvpFactory,
    SeriesFactory,
    SpeakerFactory,
    SubscriberFactory,
    TalkFactory,
    TalkRequestFactory,
    TopicFactory,
    UserFactory,
    VenueFactory,
)
from tests.outreach.helpers import request_data
from tests.outreach.test_feedback import answers_for
from tests.outreach.test_resource_pages import resource_data

ROLES = ("anonymous", "member", "other member", "guest", "coordinator", "superuser")
LOGIN = "to log in"
ADMIN_LOGIN = "to the admin's log in"
AWAY = "redirect"  # any other redirect: the next page of an action that was done
REFUSED = {LOGIN, ADMIN_LOGIN, 403, 404, 405}
GUEST_EMAIL = "guest@example.org"
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
FORGED = "eyJyc3ZwIjoxfQ:1uAbCd:forged-signature-abcdefghijklmnopqrstu"
QUESTION_MARK = "coordinate/talks/<int:pk>/questions/<int:question_pk>/mark/"
# Links no one was sent: signed wrongly, with a NUL byte (which PostgreSQL refuses in a
# query: it must never get that far), and no token at all.
BAD_LINKS = ["forged link", "link with a NUL byte", "garbage link"]


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    expected: tuple
    target: str | None = None  # the object in the URL (see `target_values`)
    path: str | None = None  # for regular-expression routes: a path that matches

    def __str__(self):
        return f"{self.method} {self.route} [{self.target or self.path or '-'}]"


def get(route, expected, target=None, path=None):
    return Row(route, "GET", expected, target, path)


def post(route, expected, target=None, path=None):
    return Row(route, "POST", expected, target, path)


def everyone(outcome) -> tuple:
    return (outcome,) * len(ROLES)


def opened_by_nobody(route: str, links: list[str]) -> list[Row]:
    """GET and POST rows of a bearer-token route for links that must open nothing."""
    return [row for link in links for row in (get(route, NOBODY, link), post(route, NOBODY, link))]


# anonymous, member, other member, guest, coordinator, superuser
PUBLIC = everyone(200)
MEMBERS_ONLY = (LOGIN, 200, 200, LOGIN, 200, 200)
COORDINATORS = (LOGIN, 403, 403, LOGIN, 200, 200)
COORDINATORS_DO = (LOGIN, 403, 403, LOGIN, AWAY, AWAY)
COORDINATORS_NOT_GET = (LOGIN, 403, 403, LOGIN, 405, 405)
COORDINATORS_NOT_FOUND = (LOGIN, 403, 403, LOGIN, 404, 404)  # an id that leads nowhere
SUPERUSERS = (ADMIN_LOGIN,) * 5 + (200,)
NOBODY = everyone(404)

OURS = [
    get("healthz", PUBLIC),
    get("robots.txt", PUBLIC),
    get("i18n/setlang/", everyone(AWAY)),
    post("i18n/setlang/", everyone(AWAY)),
    get("", PUBLIC),
    get("talks/past/", PUBLIC),
    get("search/", PUBLIC),
    get("branding.css", PUBLIC),
    get("favicon.ico", everyone(301)),
    get("calendar.ics", PUBLIC),
    get("topics/<slug:slug>/", PUBLIC, "topic"),
    get("topics/<slug:slug>/", NOBODY, "unknown slug"),
    get("series/<slug:slug>/", PUBLIC, "series"),
    get("series/<slug:slug>/", NOBODY, "unknown slug"),
    get("speakers/<int:pk>/", PUBLIC, "speaker"),
    get("speakers/<int:pk>/", NOBODY, "draft's speaker"),
    get("speakers/<int:pk>/", NOBODY, "unknown id"),
    get("speakers/<int:pk>/calendar.ics", PUBLIC, "speaker"),
    get("speakers/<int:pk>/calendar.ics", NOBODY, "draft's speaker"),
    get("topics/<slug:slug>/calendar.ics", PUBLIC, "topic"),
    get("topics/<slug:slug>/calendar.ics", NOBODY, "unknown slug"),
    get("series/<slug:slug>/calendar.ics", PUBLIC, "series"),
    get("series/<slug:slug>/calendar.ics", NOBODY, "unknown slug"),
    get("calendar/me/<token:token>.ics", PUBLIC, "guest's calendar feed"),
    get("calendar/me/<token:token>.ics", NOBODY, "forged link"),
    get("talks/<slug:slug>.ics", PUBLIC, "talk"),
    get("talks/<slug:slug>.ics", NOBODY, "draft"),
    get("talks/<slug:slug>/", PUBLIC, "talk"),
    get("talks/<slug:slug>/", NOBODY, "draft"),
    get("talks/<slug:slug>/rsvp/", everyone(405), "talk"),
    post("talks/<slug:slug>/rsvp/", everyone(AWAY), "talk"),
    post("talks/<slug:slug>/rsvp/", NOBODY, "draft"),
    get("talks/<slug:slug>/rsvp/sent/", PUBLIC, "talk"),
    get("talks/<slug:slug>/rsvp/sent/", NOBODY, "draft"),
    get("rsvp/<token:token>/confirm/", PUBLIC, "guest's confirm link"),
    post("rsvp/<token:token>/confirm/", everyone(AWAY), "guest's confirm link"),
    get("rsvp/<token:token>/confirm/", NOBODY, "guest's manage link"),
    post("rsvp/<token:token>/confirm/", NOBODY, "forged link"),
    get("rsvp/<token:token>/", PUBLIC, "guest's manage link"),
    post("rsvp/<token:token>/", everyone(AWAY), "guest's manage link"),
    get("rsvp/<token:token>/", NOBODY, "guest's confirm link"),
    post("rsvp/<token:token>/", NOBODY, "forged link"),
    get("rsvp/<token:token>/cancel/", PUBLIC, "guest's manage link"),
    post("rsvp/<token:token>/cancel/", everyone(AWAY), "guest's manage link"),
    get("rsvp/<token:token>/cancel/", NOBODY, "guest's confirm link"),
    post("rsvp/<token:token>/cancel/", NOBODY, "forged link"),
    get("rsvp/<token:token>/party/", everyone(405), "guest's manage link"),
    post("rsvp/<token:token>/party/", everyone(AWAY), "guest's manage link"),
    post("rsvp/<token:token>/party/", NOBODY, "guest's confirm link"),
    post("rsvp/<token:token>/party/", NOBODY, "forged link"),
    get("rsvp/<token:token>/data-link/", everyone(405), "guest's manage link"),
    post("rsvp/<token:token>/data-link/", everyone(AWAY), "guest's manage link"),
    post("rsvp/<token:token>/data-link/", NOBODY, "guest's confirm link"),
    get("rsvp/<token:token>/calendar/", everyone(405), "guest's manage link"),
    post("rsvp/<token:token>/calendar/", everyone(AWAY), "guest's manage link"),
    post("rsvp/<token:token>/calendar/", NOBODY, "forged link"),
    get("me/", MEMBERS_ONLY),
    post("me/", (LOGIN, AWAY, AWAY, LOGIN, AWAY, AWAY)),
    get("me/talks/", MEMBERS_ONLY),
    get("me/calendar/", (LOGIN, 405, 405, LOGIN, 405, 405)),
    post("me/calendar/", (LOGIN, AWAY, AWAY, LOGIN, AWAY, AWAY)),
    get("me/data/", MEMBERS_ONLY),
    post("me/data/", (LOGIN, AWAY, AWAY, LOGIN, AWAY, AWAY)),
    get("data/", PUBLIC),
    post("data/", everyone(AWAY)),
    get("data/<token:token>/", PUBLIC, "guest's data link"),
    post("data/<token:token>/", everyone(AWAY), "guest's data link"),
    get("data/<token:token>/", NOBODY, "guest's manage link"),
    post("data/<token:token>/", NOBODY, "forged link"),
    get("me/rsvps/<int:pk>/", (LOGIN, 200, 404, LOGIN, 404, 404), "member's RSVP"),
    get("me/rsvps/<int:pk>/", (LOGIN, 404, 404, LOGIN, 404, 404), "guest's RSVP"),
    get("me/rsvps/<int:pk>/cancel/", (LOGIN, 200, 404, LOGIN, 404, 404), "member's RSVP"),
    get("me/rsvps/<int:pk>/cancel/", (LOGIN, 404, 404, LOGIN, 404, 404), "guest's RSVP"),
    post("me/rsvps/<int:pk>/cancel/", (LOGIN, AWAY, 404, LOGIN, 404, 404), "member's RSVP"),
    post("me/rsvps/<int:pk>/cancel/", (LOGIN, 404, 404, LOGIN, 404, 404), "guest's RSVP"),
    get("me/rsvps/<int:pk>/party/", (LOGIN, 405, 405, LOGIN, 405, 405), "member's RSVP"),
    post("me/rsvps/<int:pk>/party/", (LOGIN, AWAY, 404, LOGIN, 404, 404), "member's RSVP"),
    post("me/rsvps/<int:pk>/party/", (LOGIN, 404, 404, LOGIN, 404, 404), "guest's RSVP"),
    get("email/preferences/<token:token>/", PUBLIC, "guest's preferences"),
    post("email/preferences/<token:token>/", everyone(AWAY), "guest's preferences"),
    post("email/preferences/<token:token>/", NOBODY, "forged link"),
    get("email/unsubscribe/<token:token>/", PUBLIC, "guest's preferences"),
    post("email/unsubscribe/<token:token>/", everyone(AWAY), "guest's preferences"),
    post("email/unsubscribe/<token:token>/", NOBODY, "forged link"),
    get("coordinate/", COORDINATORS),
    get("coordinate/talks/new/", COORDINATORS),
    post("coordinate/talks/new/", COORDINATORS_DO),
    get("coordinate/email-settings/", COORDINATORS),
    post("coordinate/email-settings/", COORDINATORS_DO),
    get("coordinate/branding/", COORDINATORS),
    post("coordinate/branding/", COORDINATORS_DO),
    get("coordinate/talks/<int:pk>/", COORDINATORS, "talk"),
    get("coordinate/talks/<int:pk>/", COORDINATORS_NOT_FOUND, "unknown id"),
    get("coordinate/talks/<int:pk>/edit/", COORDINATORS, "talk"),
    post("coordinate/talks/<int:pk>/edit/", COORDINATORS_DO, "talk"),
    get("coordinate/talks/<int:pk>/preview/", COORDINATORS, "draft"),
    get("coordinate/talks/<int:pk>/publish/", COORDINATORS_NOT_GET, "draft"),
    post("coordinate/talks/<int:pk>/publish/", COORDINATORS_DO, "draft"),
    get("coordinate/talks/<int:pk>/reschedule/", COORDINATORS, "talk"),
    post("coordinate/talks/<int:pk>/reschedule/", COORDINATORS_DO, "talk"),
    get("coordinate/talks/<int:pk>/capacity/", COORDINATORS, "talk"),
    post("coordinate/talks/<int:pk>/capacity/", COORDINATORS_DO, "talk"),
    get("coordinate/talks/<int:pk>/duplicate/", COORDINATORS, "talk"),
    post("coordinate/talks/<int:pk>/duplicate/", COORDINATORS_DO, "talk"),
    get("coordinate/talks/<int:pk>/cancel/", COORDINATORS, "talk"),
    post("coordinate/talks/<int:pk>/cancel/", COORDINATORS_DO, "talk"),
    get("coordinate/talks/<int:pk>/attendees.csv", COORDINATORS, "talk"),
    get("coordinate/talks/<int:pk>/message/", COORDINATORS, "talk"),
    post("coordinate/talks/<int:pk>/message/", COORDINATORS_DO, "talk"),
    get("coordinate/talks/<int:pk>/check-in/", COORDINATORS, "talk"),
    get("coordinate/rsvps/<int:pk>/check-in/", COORDINATORS_NOT_GET, "member's RSVP"),
    post("coordinate/rsvps/<int:pk>/check-in/", COORDINATORS_DO, "member's RSVP"),
    get("coordinate/talks/<int:pk>/walk-ins/", COORDINATORS_NOT_GET, "talk"),
    post("coordinate/talks/<int:pk>/walk-ins/", COORDINATORS_DO, "talk"),
    get("coordinate/walk-ins/<int:pk>/remove/", COORDINATORS_NOT_GET, "walk-in"),
    post("coordinate/walk-ins/<int:pk>/remove/", COORDINATORS_DO, "walk-in"),
    # The code in a seat's email: anyone may open it (a neutral page but for coordinators);
    # only a coordinator's POST checks the person in.
    get("check-in/<token:token>/", PUBLIC, "member's check-in code"),
    post("check-in/<token:token>/", COORDINATORS_DO, "member's check-in code"),
    get("check-in/<token:token>/", NOBODY, "guest's manage link"),
    post("check-in/<token:token>/", NOBODY, "guest's manage link"),
    get("check-in/<token:token>/", NOBODY, "forged link"),
    post("check-in/<token:token>/", NOBODY, "forged link"),
    get("coordinate/invitations/", COORDINATORS),
    post("coordinate/invitations/", COORDINATORS_DO),
    get("coordinate/invitations/<int:pk>/revoke/", COORDINATORS_NOT_GET, "invitation"),
    post("coordinate/invitations/<int:pk>/revoke/", COORDINATORS_DO, "invitation"),
    # An invitation's link is a bearer token for its page; joining needs the invited
    # member's own account (tests/events/test_coordinator_invitations.py): the others are
    # sent back to the page, and nothing changes.
    get("coordinate/join/<token:token>/", PUBLIC, "member's invitation link"),
    get("coordinate/join/<token:token>/", NOBODY, "forged link"),
    get("coordinate/join/<token:token>/accept/", everyone(405), "member's invitation link"),
    post("coordinate/join/<token:token>/accept/", everyone(AWAY), "member's invitation link"),
    # Talk requests: the form and its pages are anyone's; the status link is a bearer
    # token for the requester's page; triage is for coordinators.
    get("request-a-talk/", PUBLIC),
    post("request-a-talk/", everyone(AWAY)),
    get("request-a-talk/sent/", PUBLIC),
    get("request-a-talk/status/<token:token>/", PUBLIC, "requester's status link"),
    get("request-a-talk/status/<token:token>/", NOBODY, "forged link"),
    get("coordinate/requests/", COORDINATORS),
    get("coordinate/requests/<int:pk>/", COORDINATORS, "talk request"),
    get("coordinate/requests/<int:pk>/", COORDINATORS_NOT_FOUND, "unknown id"),
    post("coordinate/requests/<int:pk>/", COORDINATORS_DO, "talk request"),
    get("coordinate/requests/<int:pk>/schedule/", COORDINATORS, "talk request"),
    post("coordinate/requests/<int:pk>/schedule/", COORDINATORS_DO, "talk request"),
    get("coordinate/requests/<int:pk>/decline/", COORDINATORS, "talk request"),
    post("coordinate/requests/<int:pk>/decline/", COORDINATORS_DO, "talk request"),
    post("coordinate/join/<token:token>/accept/", NOBODY, "forged link"),
    # Announcements: asking is anyone's (a member's verified address switches at once);
    # the confirm link is signed for that purpose only, and a subscriber's page is reached
    # by their preferences' random token. Nothing else opens either, superusers included.
    get("announcements/", PUBLIC),
    post("announcements/", everyone(AWAY)),
    get("announcements/sent/", PUBLIC),
    post("announcements/sent/", PUBLIC),  # the same page: it takes nothing
    get("announcements/confirm/<token:token>/", PUBLIC, "subscriber's confirm link"),
    post("announcements/confirm/<token:token>/", everyone(AWAY), "subscriber's confirm link"),
    *opened_by_nobody(
        "announcements/confirm/<token:token>/",
        [*BAD_LINKS, "guest's manage link", "subscriber's preferences"],
    ),
    get("announcements/preferences/<token:token>/", PUBLIC, "subscriber's preferences"),
    post("announcements/preferences/<token:token>/", everyone(AWAY), "subscriber's preferences"),
    *opened_by_nobody(
        "announcements/preferences/<token:token>/",
        [*BAD_LINKS, "subscriber's confirm link", "guest's preferences"],
    ),
    # Partners: their pages and feeds are public while they are active; a talk's co-hosts
    # are set by coordinators (the partner pages themselves are programme pages, below).
    get("partners/", PUBLIC),
    post("partners/", PUBLIC),  # the same page: it takes nothing
    get("partners/<slug:slug>/", PUBLIC, "partner"),
    post("partners/<slug:slug>/", PUBLIC, "partner"),
    get("partners/<slug:slug>/", NOBODY, "hidden partner"),
    get("partners/<slug:slug>/", NOBODY, "unknown slug"),
    get("partners/<slug:slug>/calendar.ics", PUBLIC, "partner"),
    post("partners/<slug:slug>/calendar.ics", everyone(405), "partner"),
    get("partners/<slug:slug>/calendar.ics", NOBODY, "hidden partner"),
    get("partners/<slug:slug>/calendar.ics", NOBODY, "unknown slug"),
    get("coordinate/talks/<int:pk>/co-hosts/", COORDINATORS, "talk"),
    get("coordinate/talks/<int:pk>/co-hosts/", COORDINATORS_NOT_FOUND, "unknown id"),
    post("coordinate/talks/<int:pk>/co-hosts/", COORDINATORS_DO, "talk"),
    post("coordinate/talks/<int:pk>/co-hosts/", COORDINATORS_NOT_FOUND, "unknown id"),
    # Questions for the speakers: the asking link is signed per talk (the same for all its
    # attendees); the speakers' link carries the talk's current secret, so a regenerated
    # one shuts the earlier out. A feedback link is one use: each role is given its own
    # (`target_values` runs per role), and a spent one opens nothing. None opens another's
    # page, superusers included.
    get("questions/<token:token>/", PUBLIC, "talk's asking link"),
    post("questions/<token:token>/", everyone(AWAY), "talk's asking link"),
    *opened_by_nobody(
        "questions/<token:token>/", [*BAD_LINKS, "speakers' link", "guest's feedback link"]
    ),
    get("questions/<token:token>/sent/", PUBLIC, "talk's asking link"),
    post("questions/<token:token>/sent/", PUBLIC, "talk's asking link"),  # it takes nothing
    *opened_by_nobody(
        "questions/<token:token>/sent/", [*BAD_LINKS, "speakers' link", "guest's feedback link"]
    ),
    get("questions/for-speakers/<token:token>/", PUBLIC, "speakers' link"),
    post("questions/for-speakers/<token:token>/", PUBLIC, "speakers' link"),  # takes nothing
    *opened_by_nobody(
        "questions/for-speakers/<token:token>/",
        [*BAD_LINKS, "speakers' earlier link", "talk's asking link", "guest's feedback link"],
    ),
    get("feedback/<token:token>/", PUBLIC, "guest's feedback link"),
    post("feedback/<token:token>/", everyone(AWAY), "guest's feedback link"),
    *opened_by_nobody(
        "feedback/<token:token>/",
        [*BAD_LINKS, "spent feedback link", "talk's asking link", "speakers' link"],
    ),
    get("feedback/thanks/", PUBLIC),
    post("feedback/thanks/", PUBLIC),  # the same page: it takes nothing
    get("coordinate/talks/<int:pk>/questions/", COORDINATORS, "talk"),
    get("coordinate/talks/<int:pk>/questions/", COORDINATORS_NOT_FOUND, "unknown id"),
    get(QUESTION_MARK, COORDINATORS_NOT_GET, "question"),
    post(QUESTION_MARK, COORDINATORS_DO, "question"),
    post(QUESTION_MARK, COORDINATORS_NOT_FOUND, "other talk's question"),
    post(QUESTION_MARK, COORDINATORS_NOT_FOUND, "unknown id"),
    get("coordinate/talks/<int:pk>/questions/speaker-link/", COORDINATORS_NOT_GET, "talk"),
    post("coordinate/talks/<int:pk>/questions/speaker-link/", COORDINATORS_DO, "talk"),
    post("coordinate/talks/<int:pk>/questions/speaker-link/", COORDINATORS_NOT_FOUND, "unknown id"),
    # Feedback items: a retired one is kept for its answers but can no longer be edited.
    get("coordinate/feedback-items/", COORDINATORS),
    post("coordinate/feedback-items/", COORDINATORS_DO),
    get("coordinate/feedback-items/<int:pk>/", COORDINATORS, "feedback item"),
    get("coordinate/feedback-items/<int:pk>/", COORDINATORS_NOT_FOUND, "retired feedback item"),
    get("coordinate/feedback-items/<int:pk>/", COORDINATORS_NOT_FOUND, "unknown id"),
    post("coordinate/feedback-items/<int:pk>/", COORDINATORS_DO, "feedback item"),
    post("coordinate/feedback-items/<int:pk>/", COORDINATORS_NOT_FOUND, "retired feedback item"),
    post("coordinate/feedback-items/<int:pk>/", COORDINATORS_NOT_FOUND, "unknown id"),
    get("coordinate/feedback-items/<int:pk>/retire/", COORDINATORS_NOT_GET, "feedback item"),
    post("coordinate/feedback-items/<int:pk>/retire/", COORDINATORS_DO, "feedback item"),
    post("coordinate/feedback-items/<int:pk>/retire/", COORDINATORS_NOT_FOUND, "unknown id"),
    get("coordinate/impact/", COORDINATORS),
    get("coordinate/impact.csv", COORDINATORS),
]


def programme_rows(prefix: str, target: str) -> list[Row]:
    """The list, new, edit and delete pages of venues, speakers, topics or series."""
    one = f"coordinate/{prefix}/<int:pk>/"
    return [
        get(f"coordinate/{prefix}/", COORDINATORS),
        get(f"coordinate/{prefix}/new/", COORDINATORS),
        post(f"coordinate/{prefix}/new/", COORDINATORS_DO),
        get(one, COORDINATORS, target),
        get(one, COORDINATORS_NOT_FOUND, "unknown id"),
        post(one, COORDINATORS_DO, target),
        post(one, COORDINATORS_NOT_FOUND, "unknown id"),
        get(one + "delete/", COORDINATORS_NOT_GET, target),
        post(one + "delete/", COORDINATORS_DO, target),  # refused: a talk uses it
        post(one + "delete/", COORDINATORS_DO, f"unused {target}"),
        post(one + "delete/", COORDINATORS_NOT_FOUND, "unknown id"),
    ]


OURS += [
    row
    for prefix, target in [
        ("venues", "venue"),
        ("speakers", "speaker"),
        ("topics", "topic"),
        ("series", "series"),
        ("partners", "partner"),
    ]
    for row in programme_rows(prefix, target)
]

# Reading to take home (outreach): a list, a new one, an edit page, a delete.
OURS += [
    get("coordinate/resources/", COORDINATORS),
    get("coordinate/resources/new/", COORDINATORS),
    post("coordinate/resources/new/", COORDINATORS_DO),
    get("coordinate/resources/<int:pk>/", COORDINATORS, "resource"),
    get("coordinate/resources/<int:pk>/", (LOGIN, 403, 403, LOGIN, 404, 404), "unknown id"),
    post("coordinate/resources/<int:pk>/", COORDINATORS_DO, "resource"),
    get("coordinate/resources/<int:pk>/delete/", COORDINATORS_NOT_GET, "resource"),
    post("coordinate/resources/<int:pk>/delete/", COORDINATORS_DO, "resource"),
]

# allauth: logged-in people are sent on from the pages for logging in and signing up.
LOGGED_IN_SENT_ON = (200, AWAY, AWAY, 200, AWAY, AWAY)
ACCOUNTS = [
    get("accounts/login/", LOGGED_IN_SENT_ON),
    get("accounts/logout/", (AWAY, 200, 200, AWAY, 200, 200)),
    get("accounts/inactive/", PUBLIC),
    get("accounts/signup/", LOGGED_IN_SENT_ON),
    get("accounts/reauthenticate/", MEMBERS_ONLY),
    get("accounts/email/", MEMBERS_ONLY),
    get("accounts/confirm-email/", PUBLIC),
    get("accounts/password/change/", MEMBERS_ONLY),
    get("accounts/password/set/", (LOGIN, AWAY, AWAY, LOGIN, AWAY, AWAY)),
    get("accounts/password/reset/", PUBLIC),
    get("accounts/login/code/confirm/", everyone(AWAY)),
    get("accounts/^confirm-email/(?P<key>[-:\\w]+)/$", PUBLIC, path="accounts/confirm-email/x/"),
    get("accounts/password/reset/key/done/", PUBLIC),
    get(
        "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        PUBLIC,
        path="accounts/password/reset/key/1-x/",
    ),
    get("accounts/password/reset/done/", PUBLIC),
]

ADMIN_SITE = [
    get("admin/", SUPERUSERS),
    get("admin/login/", (200, 200, 200, 200, 200, AWAY)),
    get("admin/logout/", (AWAY,) * 5 + (405,)),
    get("admin/password_change/", SUPERUSERS),
    get("admin/password_change/done/", SUPERUSERS),
    get("admin/autocomplete/", (ADMIN_LOGIN,) * 5 + (403,)),
    get("admin/jsi18n/", SUPERUSERS),
    get("admin/r/<path:content_type_id>/<path:object_id>/", (ADMIN_LOGIN,) * 5 + (AWAY,), "talk"),
    get("admin/auth/user/<id>/password/", SUPERUSERS, "member"),
    post("admin/auth/user/<path:object_id>/change/", SUPERUSERS, "member"),
    post("admin/events/talk/<path:object_id>/delete/", (ADMIN_LOGIN,) * 5 + (AWAY,), "draft"),
    get(
        "admin/^(?P<app_label>auth|account|django_celery_beat|notifications|events)/$",
        SUPERUSERS,
        path="admin/events/",
    ),
    get("admin/(?P<url>.*)$", (ADMIN_LOGIN,) * 5 + (404,), path="admin/no-such-page/"),
]

# Each model the admin shows, with the object its pages open.
ADMIN_MODELS = {
    "auth/group": "coordinators group",
    "auth/user": "member",
    "account/emailaddress": "member's address",
    "django_celery_beat/periodictask": "periodic task",
    "django_celery_beat/clockedschedule": "clocked schedule",
    "django_celery_beat/crontabschedule": "crontab schedule",
    "django_celery_beat/solarschedule": "solar schedule",
    "django_celery_beat/intervalschedule": "interval schedule",
    "notifications/outgoingemail": "outgoing email",
    "notifications/emailsettings": "email settings",
    "notifications/consentrecord": "consent record",
    "events/topic": "topic",
    "events/series": "series",
    "events/speaker": "speaker",
    "events/venue": "venue",
    "events/talk": "talk",
    "events/talkchange": "talk change",
    "events/attendeelistaccess": "attendee list access",
}
# Pages the admin adds for every model; only superusers are let in.
ADMIN_MODEL_PAGES = {
    "": (False, SUPERUSERS),
    "add/": (False, SUPERUSERS),
    "<path:object_id>/history/": (True, SUPERUSERS),
    "<path:object_id>/delete/": (True, SUPERUSERS),
    "<path:object_id>/change/": (True, SUPERUSERS),
    "<path:object_id>/": (True, (ADMIN_LOGIN,) * 5 + (AWAY,)),
}
# Where a model's admin refuses even a superuser: outgoing emails are made only by the
# outbox; the records of consent and of who saw an attendee list are never made or undone.
SUPERUSER_TOO_REFUSED = (ADMIN_LOGIN,) * 5 + (403,)
ADMIN_EXCEPTIONS = {
    ("notifications/outgoingemail", "add/"): SUPERUSER_TOO_REFUSED,
    ("notifications/consentrecord", "add/"): SUPERUSER_TOO_REFUSED,
    ("notifications/consentrecord", "<path:object_id>/delete/"): SUPERUSER_TOO_REFUSED,
    ("events/attendeelistaccess", "add/"): SUPERUSER_TOO_REFUSED,
    ("events/attendeelistaccess", "<path:object_id>/delete/"): SUPERUSER_TOO_REFUSED,
}


def admin_model_rows() -> list[Row]:
    rows = []
    for model, target in ADMIN_MODELS.items():
        for page, (takes_object, expected) in ADMIN_MODEL_PAGES.items():
            expected = ADMIN_EXCEPTIONS.get((model, page), expected)
            rows.append(get(f"admin/{model}/{page}", expected, target if takes_object else None))
    return rows


ROWS = [*OURS, *ACCOUNTS, *ADMIN_SITE, *admin_model_rows()]


# --- The world the rows are checked in -----------------------------------------------------


@dataclass
class World:
    talk: Talk
    draft: Talk
    member_rsvp: Rsvp
    guest_rsvp: Rsvp
    walk_in: WalkIn
    users: dict  # role: user, for the roles that log in
    invitation_token: str = ""  # the member's invitation to coordinate
    sessions: dict = field(default_factory=dict)  # role: session key, logged in once
    admin_objects: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for every row, built once and rolled back after the module; each role's
    request runs in a savepoint of its own (see `attempt`), so none sees another's."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
            built = world_build()
        yield built
        transaction.set_rollback(True)


def world_build() -> World:
    topic, series = TopicFactory(slug="depression"), SeriesFactory(slug="monthly")
    talk = TalkFactory(topics=[topic], series=series, speakers=[SpeakerFactory()], max_companions=1)
    member, other_member = UserFactory(), UserFactory()
    member_rsvp = RsvpFactory(talk=talk, email=member.email, user=member)
    RsvpFactory(talk=talk, email=other_member.email, user=other_member)
    guest_rsvp = services.rsvp_create(talk=talk, email=GUEST_EMAIL, name="Guest").rsvp
    services.calendar_feed_for(email=GUEST_EMAIL)
    preference_stored(GUEST_EMAIL)
    users = {
        "member": member,
        "other member": other_member,
        "coordinator": CoordinatorFactory(),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    world = World(
        talk=talk,
        draft=TalkFactory(status="draft", speakers=[SpeakerFactory()]),
        member_rsvp=member_rsvp,
        guest_rsvp=guest_rsvp,
        walk_in=services.walk_in_add(talk=talk, people=2, name="Jo", by=users["coordinator"]),
        users=users,
    )
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    world.admin_objects = admin_objects(world)
    world.invitation_token = tokens.invitation_token()
    world.admin_objects["invitation"] = CoordinatorInvitation.objects.create(
        email=member.email,
        token_hash=tokens.invitation_token_hash(world.invitation_token),
        invited_by=users["coordinator"],
        created_at=timezone.now(),
        expires_at=timezone.now() + tokens.INVITE_AGE,
    )
    world.admin_objects["talk request"] = TalkRequestFactory()
    world.admin_objects["subscriber"] = SubscriberFactory()
    world.admin_objects["pending subscriber"] = SubscriberFactory(confirmed_at=None)
    world.admin_objects["partner"] = PartnerFactory(slug="riverside", cohosts=[talk])
    world.admin_objects["hidden partner"] = PartnerFactory(active=False)
    world.admin_objects["unused partner"] = PartnerFactory()
    world.admin_objects["unused venue"] = VenueFactory()
    world.admin_objects["unused speaker"] = SpeakerFactory()
    world.admin_objects["unused topic"] = TopicFactory(slug="unused")
    world.admin_objects["unused series"] = SeriesFactory(slug="unused")
    world.admin_objects["resource"] = ResourceFactory(topics=[topic])
    world.admin_objects["question"] = Question.objects.create(
        talk=talk, text="Is it addictive?", created_on=timezone.localdate()
    )
    world.admin_objects["other talk's question"] = Question.objects.create(
        talk=world.draft, text="How long does it last?", created_on=timezone.localdate()
    )
    world.admin_objects["feedback item"] = FeedbackItem.objects.create(
        series=series, wording="I would recommend it to a friend."
    )
    world.admin_objects["retired feedback item"] = FeedbackItem.objects.create(
        series=series, wording="I knew what it was.", retired_on=timezone.localdate()
    )
    return world


def admin_objects(world: World) -> dict:
    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    return {
        "coordinators group": Group.objects.get(name="Coordinators"),
        "member": world.users["member"],
        "member's address": EmailAddress.objects.get(user=world.users["member"]),
        "periodic task": PeriodicTask.objects.create(
            name="sweep", task="notifications.sweep", interval=every_day
        ),
        "clocked schedule": ClockedSchedule.objects.create(clocked_time=timezone.now()),
        "crontab schedule": CrontabSchedule.objects.create(),
        "solar schedule": SolarSchedule.objects.create(event="sunset", latitude=0, longitude=0),
        "interval schedule": every_day,
        "outgoing email": OutgoingEmail.objects.filter(recipient=GUEST_EMAIL).first(),
        "email settings": email_settings_update(
            footer="", discreet_by_default=False, discreet_sender_name="Events"
        ),
        "topic": world.talk.topics.get(),
        "series": world.talk.series,
        "speaker": world.talk.speakers.get(),
        "venue": world.talk.venue,
        "talk": world.talk,
        "talk change": TalkChange.objects.create(talk=world.talk, action="edited"),
        "consent record": ConsentRecord.objects.create(
            preference=EmailPreference.objects.get(email=GUEST_EMAIL),
            choice="reminders",
            value=False,
            at=timezone.now(),
            how="preferences_page",
        ),
        "attendee list access": AttendeeListAccess.objects.create(
            talk=world.talk, by=world.users["coordinator"], by_name="coordinator", what="csv_export"
        ),
    }


def target_values(target: str | None, world: World) -> dict:
    """The values for a route's placeholders, made now (a data link is issued afresh)."""
    if target is None:
        return {}
    talk, guest = world.talk, world.guest_rsvp
    partner = world.admin_objects["partner"]
    values = {}
    if target in world.admin_objects:
        chosen = world.admin_objects[target]
        content_type = ContentType.objects.get_for_model(chosen)
        values = {"object_id": chosen.pk, "id": chosen.pk, "content_type_id": content_type.pk}
    ours = {
        "talk": lambda: {"pk": talk.pk, "slug": talk.slug},
        "draft": lambda: {
            "pk": world.draft.pk,
            "slug": world.draft.slug,
            "object_id": world.draft.pk,
        },
        "unknown id": lambda: {"pk": 987654, "question_pk": 987654},
        "unknown slug": lambda: {"slug": "no-such-thing"},
        "topic": lambda: {"slug": talk.topics.get().slug, "pk": talk.topics.get().pk},
        "series": lambda: {"slug": talk.series.slug, "pk": talk.series.pk},
        "venue": lambda: {"pk": talk.venue.pk},
        "speaker": lambda: {"pk": talk.speakers.get().pk},
        "invitation": lambda: {"pk": world.admin_objects["invitation"].pk},
        "resource": lambda: {"pk": world.admin_objects["resource"].pk},
        "member's invitation link": lambda: {"token": world.invitation_token},
        "talk request": lambda: {"pk": world.admin_objects["talk request"].pk},
        "requester's status link": lambda: {
            "token": talk_request_status_token(request_id=world.admin_objects["talk request"].pk)
        },
        "subscriber's confirm link": lambda: {
            "token": subscriber_confirm_token(
                subscriber=world.admin_objects["pending subscriber"], discreet=False
            )
        },
        "subscriber's preferences": lambda: {
            "token": world.admin_objects["subscriber"].preference.token
        },
        "partner": lambda: {"pk": partner.pk, "slug": partner.slug},
        "hidden partner": lambda: {"slug": world.admin_objects["hidden partner"].slug},
        **{
            f"unused {kind}": (lambda kind=kind: {"pk": world.admin_objects[f"unused {kind}"].pk})
            for kind in ("venue", "speaker", "topic", "series", "partner")
        },
        "draft's speaker": lambda: {"pk": world.draft.speakers.get().pk},
        "member's RSVP": lambda: {"pk": world.member_rsvp.pk},
        "guest's RSVP": lambda: {"pk": guest.pk},
        "walk-in": lambda: {"pk": world.walk_in.pk},
        "member's check-in code": lambda: {
            "token": tokens.rsvp_token(rsvp_id=world.member_rsvp.pk, purpose=tokens.CHECK_IN)
        },
        "guest's manage link": lambda: {
            "token": tokens.rsvp_token(rsvp_id=guest.pk, purpose=tokens.MANAGE)
        },
        "guest's confirm link": lambda: {
            "token": tokens.rsvp_confirm_token(rsvp_id=guest.pk, discreet=False)
        },
        "guest's data link": lambda: {
            "token": tokens.data_link_issue(email=GUEST_EMAIL, now=timezone.now())
        },
        "guest's calendar feed": lambda: {
            "token": CalendarFeed.objects.get(email=GUEST_EMAIL).token
        },
        "guest's preferences": lambda: {
            "token": EmailPreference.objects.get(email=GUEST_EMAIL).token
        },
        "question": lambda: {"pk": talk.pk, "question_pk": world.admin_objects["question"].pk},
        "other talk's question": lambda: {
            "pk": talk.pk,
            "question_pk": world.admin_objects["other talk's question"].pk,
        },
        "feedback item": lambda: {"pk": world.admin_objects["feedback item"].pk},
        "retired feedback item": lambda: {"pk": world.admin_objects["retired feedback item"].pk},
        "talk's asking link": lambda: {"token": token_in(questions.question_ask_url(talk=talk))},
        "speakers' link": lambda: {"token": token_in(questions.speaker_link_url(talk=talk))},
        "speakers' earlier link": lambda: {"token": speakers_earlier_link(talk)},
        "guest's feedback link": lambda: {"token": feedback_link(talk)},
        "spent feedback link": lambda: {"token": feedback_link_spent(talk)},
        "forged link": lambda: {"token": FORGED},
        "link with a NUL byte": lambda: {"token": "abc%00def"},
        "garbage link": lambda: {"token": "not-a-token"},
    }
    return {**values, **ours[target]()} if target in ours else values


def token_in(url: str) -> str:
    """The token in one of our links (the services hand out whole URLs)."""
    return resolve(urlsplit(url).path).kwargs["token"]


def feedback_link(talk: Talk) -> str:
    """A one-use feedback link of its own for each role that opens it."""
    (url,) = feedback.feedback_links_issue(talk=talk, count=1)
    return token_in(url)


def feedback_link_spent(talk: Talk) -> str:
    token = feedback_link(talk)
    feedback.feedback_submit(
        token=token, clarity=3, usefulness=3, answers=[], today=timezone.localdate()
    )
    return token


def speakers_earlier_link(talk: Talk) -> str:
    """A speakers' link made before a coordinator made a new one."""
    earlier = token_in(questions.speaker_link_url(talk=talk))
    questions.speaker_link_regenerate(talk=talk)
    return earlier


def url_of(row: Row, world: World) -> str:
    if row.path is not None:
        return "/" + row.path
    values = target_values(row.target, world)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda part: str(values[part[1]]), row.route)


def post_data(row: Row, world: World) -> dict:
    """What a POST sends: a valid form wherever there is one, so a refusal is the only
    thing that stops it."""
    start = f"{NEXT_YEAR}-11-10T18:30"
    end = f"{NEXT_YEAR}-11-10T20:00"
    edit = talk_data(world.talk.venue, slug=world.talk.slug, time_zone=world.talk.time_zone)
    choices = {"scope": "online", "frequency": "weekly", "digest_weekday": "2"}
    return {
        "i18n/setlang/": {"language": "es", "next": "/"},
        "talks/<slug:slug>/rsvp/": {"name": "Sam", "email": "sam@example.org", "companions": "0"},
        "me/calendar/": {"rotate": "on"},
        "me/data/": {"confirm": "on", "password": PASSWORD},
        "data/": {"email": GUEST_EMAIL},
        "data/<token:token>/": {"confirm": "on"},
        "email/preferences/<token:token>/": {"reminders": ""},
        "rsvp/<token:token>/calendar/": {"rotate": "on"},
        "rsvp/<token:token>/party/": {"companions": "1"},
        "me/rsvps/<int:pk>/party/": {"companions": "1"},
        "coordinate/talks/new/": talk_data(world.talk.venue),
        "coordinate/talks/<int:pk>/edit/": {**edit, "title": "A new title"},
        "coordinate/talks/<int:pk>/reschedule/": {"start": start, "end": end},
        "coordinate/talks/<int:pk>/capacity/": {"capacity": "5"},
        "coordinate/talks/<int:pk>/duplicate/": {"start": start, "end": end},
        "coordinate/talks/<int:pk>/cancel/": {"message": "The speaker is ill."},
        "coordinate/talks/<int:pk>/message/": {
            "audience": "confirmed",
            "subject": "Parking",
            "body": "Use the east entrance.",
        },
        "coordinate/email-settings/": {"footer": "Thanks", "discreet_sender_name": "Talks"},
        "coordinate/branding/": {"organisation_name": "Larimer Wellness", "accent_colour": ""},
        "coordinate/talks/<int:pk>/walk-ins/": {"people": "1", "name": "Sam"},
        "coordinate/venues/new/": {"name": "Hall", "address": "1 Main St"},
        "coordinate/venues/<int:pk>/": {"name": "Main hall", "address": "1 Main St"},
        "coordinate/speakers/new/": {"name": "Dr. New", "pronouns": "they/them"},
        "coordinate/speakers/<int:pk>/": {"name": "Dr. Renamed"},
        "coordinate/topics/new/": {"name": "Anxiety", "slug": ""},
        "coordinate/topics/<int:pk>/": {"name": "Depression and mood", "slug": "depression"},
        "coordinate/series/new/": {"title": "Evenings", "slug": ""},
        "coordinate/series/<int:pk>/": {"title": "Monthly evenings", "slug": "monthly"},
        "coordinate/invitations/": {"email": "invitee@example.org"},
        "request-a-talk/": request_data(),
        "coordinate/requests/<int:pk>/": {"state": "in_discussion", "internal_note": "Call"},
        "coordinate/requests/<int:pk>/schedule/": talk_data(world.talk.venue, slug="requested"),
        "coordinate/requests/<int:pk>/decline/": {"message": "Sorry, not this year."},
        "coordinate/resources/new/": resource_data(world.talk.topics.get()),
        "coordinate/resources/<int:pk>/": resource_data(world.talk.topics.get(), title="Renamed"),
        "announcements/": choices | {"email": "sam@example.org"},
        "announcements/preferences/<token:token>/": choices | {"action": "save"},
        "coordinate/partners/new/": {"name": "Library friends", "slug": "", "active": "on"},
        "coordinate/partners/<int:pk>/": {"name": "Riverside group", "slug": "riverside"},
        "coordinate/talks/<int:pk>/co-hosts/": {
            "partners": [world.admin_objects["unused partner"].pk]
        },
        "questions/<token:token>/": {"text": "Is it safe with my medication?"},
        "feedback/<token:token>/": answers_for(world.talk),
        QUESTION_MARK: {"state": "answered"},
        "coordinate/feedback-items/": {
            "wording": "I know where to ask for help.",
            "position": "1",
            "series": world.talk.series.pk,
        },
        "coordinate/feedback-items/<int:pk>/": {
            "wording": "I would tell a friend.",
            "position": "2",
        },
        "admin/auth/user/<path:object_id>/change/": {"is_superuser": "on", "is_staff": "on"},
        "admin/events/talk/<path:object_id>/delete/": {"post": "yes"},
    }.get(row.route, {})


STORED = [
    Question,
    SpeakerLink,
    FeedbackToken,
    FeedbackResponse,
    FeedbackAnswer,
    FeedbackItem,
    Subscriber,
    Subscriber.topics.through,
    Partner,
    CoHosting,
    ConsentRecord,
    TalkRequest,
    TalkRequestChange,
    PreferredDate,
    Talk,
    Venue,
    Speaker,
    Topic,
    Series,
    CoordinatorInvitation,
    Rsvp,
    WalkIn,
    AttendeeListAccess,
    TalkChange,
    CalendarFeed,
    EmailPreference,
    EmailSettings,
    SiteBranding,
    OutgoingEmail,
    get_user_model(),
    EmailAddress,
    Group,
    Resource,
]


def stored_state() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in STORED}


def outcome(response):
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    if location.startswith("/accounts/login/?next="):
        return LOGIN
    if location.startswith("/admin/login/?next="):
        return ADMIN_LOGIN
    return AWAY


def attempt(row: Row, role: str, world: World):
    """One role's request, rolled back after: each role meets the same world.

    Returns the outcome and, for a POST, whether it changed anything stored.
    """
    with transaction.atomic():
        caches["default"].clear()  # rate limits and data links start afresh
        client = Client()
        if role in world.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
        url = url_of(row, world)
        if row.method == "POST":
            before = stored_state()
            response = client.post(url, post_data(row, world))
            changed = stored_state() != before
        else:
            response, changed = client.get(url), False
        transaction.set_rollback(True)
    return outcome(response), changed


def routes_of(patterns, prefix="") -> list[str]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            routes += routes_of(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            routes.append(prefix + str(pattern.pattern))
    return routes


def test_every_route_has_rows():
    routes = set(routes_of(get_resolver().url_patterns))
    covered = {row.route for row in ROWS}

    assert (sorted(routes - covered), sorted(covered - routes)) == ([], [])


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_each_role_gets_what_the_table_says(db, world, row):
    outcomes = [attempt(row, role, world) for role in ROLES]

    assert dict(zip(ROLES, (got for got, _changed in outcomes), strict=True)) == dict(
        zip(ROLES, row.expected, strict=True)
    )
    refused_but_changed = [
        role
        for role, (got, changed) in zip(ROLES, outcomes, strict=True)
        if got in REFUSED and changed
    ]
    assert refused_but_changed == []

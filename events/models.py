import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.querysets import LISTED_STATUSES, RsvpQuerySet, TalkQuerySet, WalkInQuerySet


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def default_reminder_hours() -> list[int]:
    return [24, 2]


LISTED = Q(status__in=LISTED_STATUSES)


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Speaker(models.Model):
    name = models.CharField(_("name"), max_length=200)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="speakers/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class Series(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title


class Talk(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description (Markdown)"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    topics = models.ManyToManyField(Topic, related_name="talks", blank=True)
    speakers = models.ManyToManyField(Speaker, related_name="talks", blank=True)
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="talks"
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="talks"
    )
    online_url = models.URLField(_("online link"), blank=True)
    image = models.FileField(
        _("image"),
        upload_to="talks/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
        help_text=_("Shown on the talk's page and when a link to it is shared."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for unlimited.")
    )
    waitlist_enabled = models.BooleanField(_("waitlist when full"), default=True)
    max_companions = models.PositiveSmallIntegerField(_("companions allowed per RSVP"), default=0)
    ask_accessibility_needs = models.BooleanField(_("ask about accessibility needs"), default=False)
    ask_heard_about = models.BooleanField(_("ask how people heard about the talk"), default=False)
    reminder_hours = models.JSONField(
        _("reminders (hours before the start)"),
        default=default_reminder_hours,
        blank=True,
        help_text=_("Empty: no reminders."),
    )
    thanks_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    rsvp_opens_at = models.DateTimeField(_("RSVPs open"), null=True, blank=True)
    rsvp_closes_at = models.DateTimeField(
        _("RSVPs close"), null=True, blank=True, help_text=_("Defaults to the start.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    cancellation_message = models.TextField(_("cancellation message"), blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    # Counters kept by `talk_seats_recount` under the talk's lock, so that no page counts
    # RSVPs to show seats. They never touch `updated_at`: seats are not in any calendar.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(
        _("parties on the waitlist"), default=0, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="talk_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(venue=None) | ~Q(online_url=""), name="talk_has_venue_or_online_link"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "start"], name="talk_status_start_idx"),
            # The public lists and feeds: listed talks by start, and by end for the
            # moment one leaves a list or a feed's window (events/versions.py reads it).
            models.Index(fields=["start", "id"], name="talk_listed_start_idx", condition=LISTED),
            models.Index(fields=["end"], name="talk_listed_end_idx", condition=LISTED),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talk_detail", kwargs={"slug": self.slug})

    @property
    def closes_at(self):
        return self.rsvp_closes_at or self.start

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def seats_left(self) -> int | None:
        """Seats still free (None: unlimited), from the talk's counter."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def availability(self) -> str:
        """ "12 seats left", "Waitlist open" or "Full", as the public lists show it; a talk
        that has ended shows no seats, since nobody can take one any more."""
        if self.status == self.Status.CANCELLED:
            return gettext("Cancelled")
        if self.end <= timezone.now():
            return gettext("This talk has ended")
        left = self.seats_left
        if left is None:
            return gettext("Open")
        if left > 0:
            return ngettext("%(count)d seat left", "%(count)d seats left", left) % {"count": left}
        return gettext("Waitlist open") if self.waitlist_enabled else gettext("Full")


class Rsvp(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired (email never confirmed)")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rsvps",
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(
        _("language"), max_length=16, blank=True, help_text=_("Empty: the site's language.")
    )
    party_size = models.PositiveSmallIntegerField(_("people"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    heard_about = models.CharField(_("how they heard about the talk"), max_length=200, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["talk", "email"], name="one_rsvp_per_email_per_talk"),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="rsvp_party_at_least_one"),
        ]
        indexes = [
            models.Index(fields=["talk", "status"], name="rsvp_talk_status_idx"),
            # A person's RSVPs (My talks, their own feed's validators), by address.
            models.Index(fields=["email"], name="rsvp_email_idx"),
        ]

    def __str__(self):
        return f"RSVP #{self.pk} ({self.status})"


class WalkIn(models.Model):
    """People who came to a talk without an RSVP, let in at the door: they take seats
    (`talk_seats_recount` counts them) and count as checked in. A name only when the
    coordinator wants one (say, a room whose capacity means knowing who is in); names go
    with the RSVPs' after ATTENDEE_RETENTION_DAYS."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="walk_ins")
    people = models.PositiveSmallIntegerField(_("people"), default=1)
    name = models.CharField(_("name"), max_length=100, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = WalkInQuerySet.as_manager()

    class Meta:
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")
        constraints = [
            models.CheckConstraint(condition=Q(people__gte=1), name="walk_in_at_least_one"),
        ]
        indexes = [models.Index(fields=["talk", "at"], name="walk_in_talk_at_idx")]

    def __str__(self):
        return f"Walk-in #{self.pk} ({self.people})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's own calendar feed of the talks they are going to, at a secret URL.

    Keyed by email so guests have one too. Rotating the token revokes the old URL.
    """

    email = models.EmailField(_("email"), unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    alarms = models.BooleanField(_("reminders in my calendar"), default=False)
    discreet_titles = models.BooleanField(
        _("discreet titles"),
        default=False,
        help_text=_("Shows “Community talk” instead of the title, for calendars others see."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self):
        return f"Calendar feed #{self.pk}"


class ScheduleVersion(models.Model):
    """One row: a number raised in the same transaction as any change that the public
    schedule shows (a talk, venue, topic, series or speaker), so that a feed or a page
    learns whether anything changed from one indexed read instead of listing talks."""

    SINGLETON = 1  # the one row's primary key

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)
    # How long the longest listed talk lasts: a talk still on now started at most this
    # long ago, which bounds the upcoming list's index scan (TalkQuerySet.upcoming).
    longest_talk = models.DurationField(null=True, blank=True)

    class Meta:
        verbose_name = _("schedule version")
        verbose_name_plural = _("schedule versions")

    def __str__(self):
        return f"Schedule version {self.number}"


class MessageAudience(models.TextChoices):
    """Who a coordinator's message to a talk's people goes to."""

    CONFIRMED = "confirmed", _("Everyone with a confirmed seat")
    WAITLISTED = "waitlisted", _("Everyone on the waitlist")
    BOTH = "both", _("Both")


class TalkChange(models.Model):
    """Who changed a talk, when, and what: shown on the talk's coordinator page."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        PUBLISHED = "published", _("Published")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CAPACITY = "capacity", _("Capacity changed")
        CANCELLED = "cancelled", _("Cancelled")
        DUPLICATED = "duplicated", _("Duplicated")
        MESSAGE = "message", _("Message sent")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(_("action"), max_length=32, choices=Action)
    details = models.JSONField(_("details"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("talk change")
        verbose_name_plural = _("talk changes")

    def __str__(self):
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"


class AttendeeListAccess(models.Model):
    """Someone saw or took a talk's attendee list: who, when, which talk and how. Only
    superusers read these (events.admin); nothing changes or deletes them."""

    class What(models.TextChoices):
        TALK_PAGE = "talk_page", _("The talk's coordinator page, with its attendees")
        CSV_EXPORT = "csv_export", _("The attendee list as CSV")
        CHECK_IN = "check_in", _("The check-in page")
        DOOR_CODE = "door_code", _("A person's check-in code, scanned at the door")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(
        _("who"), max_length=254, help_text=_("Their username then, kept if the account goes.")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    what = models.CharField(_("what"), max_length=16, choices=What)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("attendee list access")
        verbose_name_plural = _("attendee list accesses")

    def __str__(self):
        return f"{self.what} #{self.talk_id} at {self.at:%Y-%m-%d %H:%M}"


class CoordinatorInvitation(models.Model):
    """An invitation to join the Coordinators group, sent by email to one address.

    Only the token's hash is kept; the link works until `expires_at`, once (`used_at`),
    and not after a coordinator revokes it (`revoked_at`).
    """

    email = models.EmailField(_("email"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("coordinator invitation")
        verbose_name_plural = _("coordinator invitations")

    def __str__(self):
        return self.email

    def is_open(self, now) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at

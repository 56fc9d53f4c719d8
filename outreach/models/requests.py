"""Talk requests: a community group asks for a talk, coordinators triage it, and it ends
scheduled (with its talk) or declined. Every change is a TalkRequestChange row.

The contact's name and address are the only personal data; TALK_REQUEST_RETENTION_DAYS
after a request is closed they are blanked (outreach.services.requests), and the
organisation, dates and outcome stay for the programme's numbers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Talk, Topic


class TalkRequest(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        SCHEDULED = "scheduled", _("Scheduled")
        DECLINED = "declined", _("Declined")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    organisation = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), max_length=254, blank=True)
    audience = models.CharField(_("audience"), max_length=300)
    audience_size = models.PositiveIntegerField(_("expected audience size"))
    format = models.CharField(_("in person or online"), max_length=16, choices=Format)
    address = models.TextField(_("address"), blank=True)
    topics = models.ManyToManyField(Topic, related_name="+", blank=True)
    topics_other = models.CharField(_("other topics"), max_length=300, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    language = models.CharField(_("language of the talk"), max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True)
    # The language the requester used the site in: their emails are written in it.
    email_language = models.CharField(max_length=16, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    internal_note = models.TextField(_("internal note"), blank=True)
    talk = models.OneToOneField(
        Talk, on_delete=models.SET_NULL, null=True, blank=True, related_name="talk_request"
    )
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    contact_forgotten_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("talk request")
        verbose_name_plural = _("talk requests")
        indexes = [models.Index(fields=["state", "closed_at"], name="talk_request_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["scheduled", "declined"]) | Q(closed_at=None),
                name="talk_request_open_is_not_closed",
            ),
        ]

    def __str__(self):
        return self.organisation

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.NEW, self.State.IN_DISCUSSION)


class PreferredDate(models.Model):
    """One of up to three dates a group would like; a time only if they gave one. Both
    are wall-clock values in the site's time zone: a wish, not an appointment."""

    request = models.ForeignKey(
        TalkRequest, on_delete=models.CASCADE, related_name="preferred_dates"
    )
    day = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)

    class Meta:
        ordering = ["day", "time", "pk"]
        verbose_name = _("preferred date")
        verbose_name_plural = _("preferred dates")

    def __str__(self):
        return f"{self.day} {self.time or ''}".strip()


class TalkRequestChange(models.Model):
    """Who changed what and when. `public_message` is what the requester was told (shown
    on their status page); everything else is for coordinators only."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        STATE = "state", _("State changed")
        ASSIGNEE = "assignee", _("Assignee changed")
        NOTE = "note", _("Internal note changed")
        SCHEDULED = "scheduled", _("Scheduled as a talk")
        DECLINED = "declined", _("Declined")
        PUBLISHED = "published", _("Talk published, requester told")
        CONTACT_FORGOTTEN = "contact_forgotten", _("Contact details removed")

    request = models.ForeignKey(TalkRequest, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    action = models.CharField(_("action"), max_length=32, choices=Action)
    old_value = models.CharField(_("before"), max_length=300, blank=True)
    new_value = models.CharField(_("after"), max_length=300, blank=True)
    public_message = models.TextField(_("message to the requester"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("talk request change")
        verbose_name_plural = _("talk request changes")

    def __str__(self):
        return f"{self.request_id} {self.action}"

    @property
    def old_shown(self) -> str:
        return _state_label(self.old_value)

    @property
    def new_shown(self) -> str:
        return _state_label(self.new_value)


def _state_label(value: str) -> str:
    """A recorded state as people read it ("In discussion"); any other value as it is."""
    return TalkRequest.State(value).label if value in TalkRequest.State.values else value

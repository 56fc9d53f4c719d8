import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Why a person gets a message, which decides whether their preferences stop it."""

    TRANSACTIONAL = "transactional", _("About something the person did (always sent)")
    REMINDER = "reminder", _("Reminder (the person can switch these off)")
    ANNOUNCEMENT = "announcement", _("Announcement (stops on unsubscribe)")


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(state=OutgoingEmail.State.QUEUED, due_at__lte=now)

    def stuck(self, before):
        """Claimed by a worker that died: still SENDING since `before`."""
        return self.filter(state=OutgoingEmail.State.SENDING, claimed_at__lt=before)


class OutgoingEmail(models.Model):
    """One email to one recipient: written in the sender's transaction, delivered by a worker.

    `key` makes a second row for the same (subject, kind, version) impossible; `group`
    lets a sender cancel its pending messages together (a talk's reminders, say).
    Templated messages are rendered when sent, so the person's current preferences
    (discreet mode, the footer) apply; `raw_message` holds messages that arrive
    already rendered (allauth's).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        SKIPPED = "skipped", _("Skipped")

    # NULL, not "", for messages without a key: NULLs never clash under UNIQUE.
    key = models.CharField(_("uniqueness key"), max_length=200, unique=True, null=True)  # noqa: DJ001
    group = models.CharField(_("group"), max_length=100, blank=True, db_index=True)
    recipient = models.EmailField(_("recipient"))
    kind = models.CharField(_("kind"), max_length=50)
    language = models.CharField(
        _("language"), max_length=16, blank=True, help_text=_("Empty: the site's language.")
    )
    category = models.CharField(
        _("category"), max_length=16, choices=Category, default=Category.TRANSACTIONAL
    )
    context = models.JSONField(_("template context"), default=dict)
    subject_name = models.CharField(
        _("what the message is about"),
        max_length=200,
        blank=True,
        help_text=_("Named in the message unless it is discreet."),
    )
    discreet = models.BooleanField(
        _("always discreet"),
        default=False,
        help_text=_("Discreet whatever the recipient's preference (asked for with this message)."),
    )
    qr_url = models.URLField(
        _("link shown as a QR code"),
        max_length=500,
        blank=True,
        help_text=_("Drawn as a QR code image in the email when it is sent."),
    )
    forget_context_when_sent = models.BooleanField(
        _("forget the context once sent"),
        default=False,
        help_text=_("The context holds a secret for the recipient alone: emptied once sent."),
    )
    ics = models.TextField(_("calendar attachment"), blank=True)
    discreet_ics = models.TextField(_("calendar attachment in discreet emails"), blank=True)
    raw_message = models.BinaryField(_("pre-rendered message (MIME)"), null=True)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    due_at = models.DateTimeField(_("due"))
    expires_at = models.DateTimeField(_("skip if not sent by"), null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(fields=["state", "due_at"], name="outgoing_due_idx"),
            models.Index(fields=["claim"], name="outgoing_claim_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.state}"


def new_preferences_token() -> str:
    return secrets.token_urlsafe(24)


class EmailPreference(models.Model):
    """What one email address wants from us. Guests have these too: no account needed.

    `token` is the secret in the links to these preferences and to unsubscribe: random,
    so a URL in a log or a forwarded email never spells out the address.
    """

    email = models.EmailField(_("email"), unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_preferences_token)
    reminders = models.BooleanField(_("reminders before talks"), default=True)
    announcements = models.BooleanField(_("announcements and follow-ups"), default=True)
    discreet = models.BooleanField(
        _("discreet emails"), null=True, blank=True, help_text=_("Empty: the site's default.")
    )
    clinic_contact = models.BooleanField(
        _("contact from the clinic"),
        default=False,
        help_text=_("Only the person sets this, on their preferences page: never an RSVP."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")

    def __str__(self):
        return f"Preferences #{self.pk}"


class ConsentRecord(models.Model):
    """One choice an address made: which, to what, when and how. Appended, never changed.

    The history of a choice is its records in order; a preference with none for a choice
    holds its default, or a value set before this history began (when: unknown). Deleting
    the preference (the person asked us to forget them) deletes its history with it.
    """

    class Choice(models.TextChoices):
        REMINDERS = "reminders", _("Reminders before talks they RSVPed to")
        ANNOUNCEMENTS = "announcements", _("Announcements and follow-ups")
        CLINIC_CONTACT = "clinic_contact", _("Contact from the clinic")
        DISCREET = "discreet", _("Discreet emails")

    class How(models.TextChoices):
        PREFERENCES_PAGE = "preferences_page", _("On their email preferences page")
        UNSUBSCRIBE = "unsubscribe", _("With an unsubscribe link or button")
        RSVP_FORM = "rsvp_form", _("On an RSVP form")
        SUBSCRIPTION_CONFIRMED = (
            "subscription_confirmed",
            _("By confirming a subscription from the link we emailed"),
        )
        ACCOUNT = "account", _("While logged in to their account")
        UNSPECIFIED = "unspecified", _("Not recorded")

    preference = models.ForeignKey(
        EmailPreference, on_delete=models.CASCADE, related_name="consent_records"
    )
    choice = models.CharField(_("choice"), max_length=32, choices=Choice)
    value = models.BooleanField(_("chosen value"), null=True, help_text=_("Empty: site default."))
    at = models.DateTimeField(_("when"))
    how = models.CharField(_("how"), max_length=32, choices=How)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["preference", "choice", "at"], name="consent_history_idx")]

    def __str__(self):
        return f"{self.choice} = {self.value} at {self.at:%Y-%m-%d %H:%M}"


class EmailSettings(models.Model):
    """Site-wide email settings a coordinator can change (one row)."""

    footer = models.TextField(
        _("footer"),
        blank=True,
        help_text=_("Ends every email: the organisation's contact and support resources."),
    )
    discreet_by_default = models.BooleanField(_("discreet emails by default"), default=False)
    discreet_sender_name = models.CharField(
        _("sender name in discreet emails"), max_length=100, default="Events"
    )

    class Meta:
        verbose_name = _("email settings")
        verbose_name_plural = _("email settings")

    def __str__(self):
        return "Email settings"


class SiteBranding(models.Model):
    """How the site presents itself, set by a coordinator (one row). Emails name the
    organisation, so it lives here; pages read it from the cache (notifications.branding).

    Empty fields fall back to the defaults: the organisation name to SITE_NAME, the accent
    to the stylesheet's own colour.
    """

    organisation_name = models.CharField(
        _("organisation name"), max_length=100, blank=True, help_text=_("Empty: the site's name.")
    )
    logo = models.FileField(_("logo"), upload_to="branding/", blank=True)
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        help_text=_("Empty: the site's own colour."),
    )
    about = models.CharField(_("who we are"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    crisis_notice = models.TextField(_("crisis-line notice"), max_length=500, blank=True)
    crisis_notice_everywhere = models.BooleanField(
        _("show the crisis-line notice on every page"), default=False
    )

    class Meta:
        verbose_name = _("site branding")
        verbose_name_plural = _("site branding")

    def __str__(self):
        return "Site branding"

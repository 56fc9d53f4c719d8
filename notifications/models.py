from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(state=OutgoingEmail.State.QUEUED, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
    """One email to one recipient: written in the sender's transaction, delivered by a worker."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.EmailField(_("recipient"))
    from_email = models.CharField(_("from"), max_length=320)
    subject = models.CharField(_("subject"), max_length=998)
    raw_message = models.BinaryField(_("message as sent (MIME)"))
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outgoing_due_idx")]

    def __str__(self):
        return f"#{self.pk} {self.state}"

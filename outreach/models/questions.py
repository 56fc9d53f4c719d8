"""Questions attendees send a talk's speakers before it.

A question is kept with its talk and the day it came, never with the RSVP or the person
who sent it: the link it was sent from is the same for everyone at the talk.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Talk

QUESTION_MAX_LENGTH = 1000


class Question(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Not answered yet")
        ANSWERED = "answered", _("Answered")
        HIDDEN = "hidden", _("Hidden")

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    created_on = models.DateField(_("sent on"))
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.OPEN)

    class Meta:
        ordering = ["created_on", "pk"]
        verbose_name = _("question for the speaker")
        verbose_name_plural = _("questions for the speaker")
        indexes = [models.Index(fields=["talk", "state"], name="question_talk_state_idx")]

    def __str__(self):
        return f"Question #{self.pk}"


def new_speaker_secret() -> str:
    return secrets.token_urlsafe(24)


class SpeakerLink(models.Model):
    """The secret in a talk's read-only questions link for its speakers. A new secret
    (a coordinator regenerates it) makes every earlier link stop working."""

    talk = models.OneToOneField(Talk, on_delete=models.CASCADE, related_name="+")
    secret = models.CharField(max_length=64, default=new_speaker_secret)

    class Meta:
        verbose_name = _("speakers' questions link")
        verbose_name_plural = _("speakers' questions links")

    def __str__(self):
        return f"Speaker link for talk #{self.talk_id}"

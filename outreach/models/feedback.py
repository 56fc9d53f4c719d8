"""Feedback after a talk, anonymous by construction.

A thank-you email carries a one-use token; the database keeps only its hash, beside the
talk (`FeedbackToken`, no RSVP, no person). Answering deletes the token in the same
transaction that stores the response. A response holds its talk, its answers and the
day: no column of it, or of its answers, leads back to an RSVP, a person or a token.

Attitude items are asked twice ("before this talk" and "now"). An item's wording never
changes once it has answers: editing it retires the row and makes a new version, so the
answers to one row were all given to the same words.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Series, Talk

SCALE = (1, 5)
ITEM_MAX_LENGTH = 300


def _scale_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])]
    )


def _on_scale(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": SCALE[0], f"{field}__lte": SCALE[1]}),
        name=f"%(class)s_{field}_on_scale",
    )


class FeedbackItem(models.Model):
    """One attitude item, for one series (or, with no series, site-wide)."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    wording = models.CharField(_("wording"), max_length=ITEM_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_version",
        help_text=_("The version of this item it replaced."),
    )
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")

    def __str__(self):
        return self.wording


class FeedbackToken(models.Model):
    """A one-use feedback link, kept only as its hash (the plain token is in one email).

    The hash is the key: no serial number records the order the tokens were made in, and
    they are written in the order of their hashes, not of the recipients."""

    token_hash = models.CharField(max_length=64, primary_key=True)
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")

    def __str__(self):
        return f"Feedback link for talk #{self.talk_id}"


class FeedbackResponse(models.Model):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="+")
    clarity = _scale_field(_("how clear the talk was"))
    usefulness = _scale_field(_("how useful the talk was"))
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")
        constraints = [_on_scale("clarity"), _on_scale("usefulness")]
        indexes = [models.Index(fields=["talk", "answered_on"], name="feedback_talk_day_idx")]

    def __str__(self):
        return f"Feedback #{self.pk}"


class FeedbackAnswer(models.Model):
    """One attitude item's two answers in one response."""

    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(FeedbackItem, on_delete=models.PROTECT, related_name="answers")
    before = _scale_field(_("before this talk"))
    now = _scale_field(_("now"))

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        constraints = [
            _on_scale("before"),
            _on_scale("now"),
            models.UniqueConstraint(fields=["response", "item"], name="feedback_answer_once"),
        ]

    def __str__(self):
        return f"Answer #{self.pk}"

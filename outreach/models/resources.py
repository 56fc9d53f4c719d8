"""Reading to take home: resources a coordinator recommends for a topic, shown on the
topic's page, on its talks' pages and in their thank-you emails, with what the monthly
link check last found."""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Topic

LINK_SCHEMES = ["http", "https"]


class ResourceKind(models.TextChoices):
    RESEARCH = "research", _("Research paper")
    GUIDE = "guide", _("Plain-language guide")
    SUPPORT = "support", _("Support line")
    VIDEO = "video", _("Video")


class Resource(models.Model):
    Kind = ResourceKind

    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Who published it, for example a journal.")
    )
    link = models.URLField(
        _("link"), max_length=500, validators=[URLValidator(schemes=LINK_SCHEMES)]
    )
    summary = models.CharField(_("one-line summary"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reviewed_on = models.DateField(_("reviewed on"))
    topics = models.ManyToManyField(Topic, related_name="resources", verbose_name=_("topics"))
    # What the link check (outreach.services.resources) last found; empty until it runs.
    link_checked_at = models.DateTimeField(_("link last checked"), null=True, blank=True)
    link_status = models.PositiveSmallIntegerField(
        _("link's last HTTP status"), null=True, blank=True
    )
    link_broken = models.BooleanField(_("link looks broken"), default=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ResourceKind.values),
                name="resource_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(link__startswith="http://")
                | models.Q(link__startswith="https://"),
                name="resource_link_is_http",
            ),
        ]

    def __str__(self):
        return self.title

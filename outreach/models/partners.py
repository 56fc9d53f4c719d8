"""Partner organisations and the talks they co-host.

A partner's contact (name, email, phone) is for the coordinators only: no public page
or feed shows it (tests/events/test_privacy.py crawls them for it).
"""

from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DESCRIPTION_MAX = 500
# A partner's website is a link on public pages: the web's own schemes, nothing else.
WEB_SCHEMES = ["http", "https"]


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    website = models.URLField(
        _("website"), blank=True, validators=[URLValidator(schemes=WEB_SCHEMES)]
    )
    description = models.TextField(_("short description"), max_length=DESCRIPTION_MAX, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="partners/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    active = models.BooleanField(
        _("shown on the site"),
        default=True,
        help_text=_("Off: the partner's page, feed and co-host credits are hidden."),
    )
    talks = models.ManyToManyField(
        "events.Talk", through="CoHosting", related_name="partners", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partner_detail", kwargs={"slug": self.slug})


class CoHosting(models.Model):
    """A partner co-hosts a talk."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="cohostings")
    talk = models.ForeignKey("events.Talk", on_delete=models.CASCADE, related_name="cohostings")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("co-hosting")
        verbose_name_plural = _("co-hostings")
        constraints = [
            models.UniqueConstraint(fields=["partner", "talk"], name="one_cohosting_per_partner")
        ]

    def __str__(self):
        return f"{self.partner_id} co-hosts {self.talk_id}"

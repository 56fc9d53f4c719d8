"""The coordinator's forms for partners and for a talk's co-hosts. They validate input;
the views hand it to outreach.services.partners."""

from django import forms
from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from events.programme_forms import SlugFromNameMixin
from events.uploads import ACCEPTED, picture_checked
from notifications.forms import PlainLineField
from outreach.models import Partner
from outreach.models.partners import WEB_SCHEMES

LOGO_MAX_BYTES = 2 * 1024 * 1024
WEBSITE_INVALID = _("Give the website's full address, starting with https:// or http://.")


class WebsiteField(forms.URLField):
    """A link on public pages: http or https only (no javascript:, data: or ftp:)."""

    default_validators = [URLValidator(schemes=WEB_SCHEMES)]


class PartnerForm(SlugFromNameMixin, forms.ModelForm):
    taken_message = _("Another partner already uses this slug. Choose another.")

    website = WebsiteField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": WEBSITE_INVALID},
    )
    contact_phone = PlainLineField(
        label=_("Contact phone"),
        required=False,
        max_length=40,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ().-]{5,}$",
                _("Give a phone number: digits, spaces, and + ( ) - . only."),
            )
        ],
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "slug",
            "website",
            "description",
            "logo",
            "active",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        field_classes = {"name": PlainLineField, "contact_name": PlainLineField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "slug": _(
                "Used in the partner's page and calendar addresses. Leave empty to make it "
                "from the name."
            ),
            "logo": _("Optional. A JPEG, PNG or WebP image of at most 2 MB."),
            "contact_name": _("Private: only coordinators see the contact."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["logo"].widget.attrs["accept"] = ACCEPTED

    def clean_logo(self):
        return picture_checked(
            self.cleaned_data.get("logo"),
            max_bytes=LOGO_MAX_BYTES,
            too_big=_("The logo is larger than 2 MB. Choose a smaller one."),
            not_image=_("The logo must be a JPEG, PNG or WebP image."),
        )


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, partner):
        if partner.active:
            return partner.name
        return _("%(name)s (hidden from the site)") % {"name": partner.name}


class CoHostsForm(forms.Form):
    partners = PartnerChoiceField(
        label=_("Co-hosts"),
        queryset=Partner.objects.order_by("name", "pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The talk's page and the calendar feeds name them. Leave all unticked: none."),
    )

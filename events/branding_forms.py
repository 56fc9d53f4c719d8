"""The coordinator's form for the site's branding (notifications.models.SiteBranding).

The accent colour is the background of buttons and links' underlines with white text on
it, so a colour too light for white text to be read on (WCAG AA, 4.5:1) is refused.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from events.uploads import ACCEPTED, picture_checked
from notifications.forms import PlainLineField
from notifications.models import SiteBranding

LOGO_MAX_BYTES = 512 * 1024
HEX_COLOUR = re.compile(r"#[0-9a-f]{6}")
AA_NORMAL_TEXT = 4.5
HEX_COLOUR_ERROR = _("Give the colour as # and six hexadecimal digits, like #0b4f8a.")


def _channel(value: int) -> float:
    """One sRGB channel (0-255) as linear light (WCAG 2 relative luminance)."""
    share = value / 255
    return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4


def contrast_with_white(colour: str) -> float:
    """The contrast ratio of white text on `colour` ("#rrggbb"), from 1 to 21."""
    red, green, blue = (_channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


class BrandingForm(forms.ModelForm):
    class Meta:
        model = SiteBranding
        fields = [
            "organisation_name",
            "logo",
            "accent_colour",
            "about",
            "contact_email",
            "crisis_notice",
            "crisis_notice_everywhere",
        ]
        field_classes = {"organisation_name": PlainLineField, "about": PlainLineField}
        widgets = {"crisis_notice": forms.Textarea(attrs={"rows": 3})}
        # The colour's own error says what is wrong with it, whatever its length.
        error_messages = {"accent_colour": {"max_length": HEX_COLOUR_ERROR}}
        help_texts = {
            "logo": _("Optional. A JPEG, PNG or WebP image of at most 512 KB, for the header."),
            "accent_colour": _(
                "Like #0b4f8a. White text must be readable on it (contrast of at least "
                "4.5:1). Empty: the site's own colour."
            ),
            "about": _("One short line for the foot of every page."),
            "contact_email": _("Shown at the foot of every page."),
            "crisis_notice": _(
                "For example a crisis line's number and hours. Never in discreet emails."
            ),
            "crisis_notice_everywhere": _(
                "On every page, and at the end of emails that are not discreet."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].widget.attrs["accept"] = ACCEPTED
        self.fields["accent_colour"].widget.attrs.update(
            {"placeholder": "#0b4f8a", "spellcheck": "false", "autocomplete": "off"}
        )

    def clean_logo(self):
        return picture_checked(
            self.cleaned_data.get("logo"),
            max_bytes=LOGO_MAX_BYTES,
            too_big=_("The logo is larger than 512 KB. Choose a smaller one."),
            not_image=_("The logo must be a JPEG, PNG or WebP image."),
        )

    def clean_accent_colour(self):
        colour = self.cleaned_data["accent_colour"].lower()  # the field strips it
        if not colour:
            return ""
        if not HEX_COLOUR.fullmatch(colour):
            raise forms.ValidationError(HEX_COLOUR_ERROR)
        ratio = contrast_with_white(colour)
        if ratio < AA_NORMAL_TEXT:
            raise forms.ValidationError(
                _(
                    "White text on %(colour)s has a contrast of only %(ratio)s:1; it needs "
                    "at least 4.5:1 (WCAG AA) to be readable. Choose a darker colour."
                )
                % {"colour": colour, "ratio": f"{int(ratio * 100) / 100:.2f}"}
            )
        return colour

    def clean_crisis_notice(self):
        """One kind of line break, whatever the browser sent."""
        return "\n".join(line.rstrip() for line in self.cleaned_data["crisis_notice"].splitlines())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("crisis_notice_everywhere") and not cleaned.get("crisis_notice"):
            self.add_error(
                "crisis_notice", _("Write the notice to show it on every page, or untick the box.")
            )
        return cleaned

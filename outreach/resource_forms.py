"""The coordinator's form for a resource. It validates input; the views hand it to
outreach.services.resources."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from events.models import Topic
from notifications.forms import PlainLineField
from outreach.models import Resource
from outreach.models.resources import LINK_SCHEMES

LINK_INVALID = _("Give the full address of a web page, starting with https:// or http://.")


class WebLinkField(forms.URLField):
    """A web page's address: http or https, nothing else (no javascript:, data:, ftp:)."""

    default_validators = [URLValidator(schemes=LINK_SCHEMES)]
    default_error_messages = {"invalid": LINK_INVALID}


class ResourceForm(forms.ModelForm):
    link = WebLinkField(label=_("Link"), max_length=500, assume_scheme="https")
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Shown on these topics' pages, their talks' pages and thank-you emails."),
        error_messages={"required": _("Choose at least one topic.")},
    )

    class Meta:
        model = Resource
        fields = ["title", "source", "link", "summary", "kind", "reviewed_on", "topics"]
        field_classes = dict.fromkeys(["title", "source", "summary"], PlainLineField)
        widgets = {"reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "summary": _("One line that says what a reader will find."),
            "reviewed_on": _("When someone last checked that it is accurate and still useful."),
        }

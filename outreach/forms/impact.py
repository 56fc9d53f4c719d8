from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Series, Topic, Venue
from outreach.impact.scope import IN_PERSON, ONLINE, ImpactFilters
from outreach.impact.sources import partner_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class ImpactFilterForm(forms.Form):
    """The dashboard's filters, from the query string; every one may be left empty."""

    FORMATS = [("", _("Any format")), (IN_PERSON, _("In person")), (ONLINE, _("Online"))]

    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, empty_label=_("All topics")
    )
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=Series.objects.all(),
        required=False,
        empty_label=_("All series"),
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"), queryset=Venue.objects.all(), required=False, empty_label=_("All venues")
    )
    partner = forms.TypedChoiceField(label=_("Partner"), required=False, coerce=int)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = partner_choices()
        field = self.fields["partner"]
        field.choices = [("", _("All partners")), *partners]
        if not partners:
            field.disabled = True
            field.help_text = _("Partners are not recorded yet.")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date must not be before the start date."))
        return data

    def filters(self) -> ImpactFilters:
        """The filters asked for; call only when the form is valid."""
        data = self.cleaned_data
        return ImpactFilters(
            since=data["since"],
            until=data["until"],
            topic_id=data["topic"].pk if data["topic"] else None,
            series_id=data["series"].pk if data["series"] else None,
            venue_id=data["venue"].pk if data["venue"] else None,
            partner_id=data["partner"] or None,
            format=data["format"],
        )

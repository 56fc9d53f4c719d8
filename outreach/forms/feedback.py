"""The forms of the question and feedback pages and of the coordinators' item editor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Series
from outreach.models.feedback import ITEM_MAX_LENGTH, SCALE
from outreach.models.questions import QUESTION_MAX_LENGTH
from outreach.services.feedback import ItemAnswer

SCALE_CHOICES = [(value, str(value)) for value in range(SCALE[0], SCALE[1] + 1)]


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Up to 1000 characters. Please do not include your name or anyone else's."),
        error_messages={"required": _("Write your question.")},
    )


def _scale(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )


class FeedbackForm(forms.Form):
    """Clarity and usefulness, then each attitude item asked "before" and "now"."""

    clarity = _scale(_("How clear was the talk?"), _("1: not clear at all, 5: very clear."))
    usefulness = _scale(_("How useful was it to you?"), _("1: not useful, 5: very useful."))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"before_{item.pk}"] = _scale(_("Before this talk"))
            self.fields[f"now_{item.pk}"] = _scale(_("Now"))

    def item_fields(self):
        """(item, its "before" field, its "now" field), for the template."""
        return [(item, self[f"before_{item.pk}"], self[f"now_{item.pk}"]) for item in self.items]

    def answers(self) -> list[ItemAnswer]:
        data = self.cleaned_data
        return [
            ItemAnswer(item=item, before=data[f"before_{item.pk}"], now=data[f"now_{item.pk}"])
            for item in self.items
        ]


class FeedbackItemForm(forms.Form):
    wording = forms.CharField(
        label=_("Wording"),
        max_length=ITEM_MAX_LENGTH,
        help_text=_("Asked twice: “before this talk” and “now”, each on a 1 to 5 scale."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=99, initial=0)
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=Series.objects.order_by("title"),
        required=False,
        empty_label=_("Site-wide (talks of series without their own items)"),
    )

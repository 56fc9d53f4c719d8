"""The coordinator's forms for venues, speakers, topics and series, and for inviting
another coordinator. They validate input; the views hand it to events.services.

Names and titles are one plain line each (they reach lists, calendars and emails). A slug
left empty is made from the name; taken slugs are refused with a clear error.
"""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from events.models import Series, Speaker, Topic, Venue
from events.uploads import ACCEPTED, upload_checked
from notifications.forms import PlainLineField

PHOTO_MAX_BYTES = 2 * 1024 * 1024
BIO_MAX = 2000


class SlugFromNameMixin:
    """`slug` empty: made from `name_field`. Unique among the model's rows."""

    name_field = "name"
    taken_message = _("Another one already uses this slug. Choose another.")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get(self.name_field, ""))[:100]
        if not slug:
            raise forms.ValidationError(_("Give a slug: letters, numbers, hyphens or underscores."))
        others = type(self.instance).objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(self.taken_message)
        return slug


class VenueForm(forms.ModelForm):
    """A venue that upcoming talks use keeps its place: address and position are shown
    but not taken (events.services.programme says why)."""

    map_url = forms.URLField(label=_("Map link"), required=False, assume_scheme="https")

    class Meta:
        model = Venue
        fields = ["name", "address", "accessibility_notes", "map_url", "latitude", "longitude"]
        field_classes = {"name": PlainLineField}
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "accessibility_notes": _(
                "Step-free access, lifts, toilets, hearing loops, parking: shown on the "
                "talk's page and in its emails."
            ),
        }

    def clean_address(self):
        """One kind of line break, whatever the browser sent (calendars split on it)."""
        return "\n".join(line.rstrip() for line in self.cleaned_data["address"].splitlines())

    def __init__(self, *args, place_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if place_locked:
            for name in ("address", "latitude", "longitude"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Upcoming talks are held here, so this cannot change: add a new venue "
                    "and choose it on each talk's edit page, which tells the attendees."
                )


class SpeakerForm(forms.ModelForm):
    bio = forms.CharField(
        label=_("Short bio"),
        required=False,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Speaker
        fields = ["name", "pronouns", "bio", "photo"]
        field_classes = {"name": PlainLineField, "pronouns": PlainLineField}
        help_texts = {
            "pronouns": _("Optional, for example: she/her, they/them."),
            "photo": _("Optional. A JPEG, PNG or WebP image of at most 2 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].widget.attrs["accept"] = ACCEPTED

    def clean_photo(self):
        return upload_checked(
            self.cleaned_data.get("photo"),
            max_bytes=PHOTO_MAX_BYTES,
            too_big=_("The photo is larger than 2 MB. Choose a smaller one."),
            not_image=_("The photo must be a JPEG, PNG or WebP image."),
        )


class TopicForm(SlugFromNameMixin, forms.ModelForm):
    taken_message = _("Another topic already uses this slug. Choose another.")

    class Meta:
        model = Topic
        fields = ["name", "slug"]
        field_classes = {"name": PlainLineField}
        help_texts = {
            "slug": _("Used in the topic's calendar address. Leave empty to make it from the name.")
        }
        error_messages = {"name": {"unique": _("There is already a topic with this name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


class SeriesForm(SlugFromNameMixin, forms.ModelForm):
    name_field = "title"
    taken_message = _("Another series already uses this slug. Choose another.")

    class Meta:
        model = Series
        fields = ["title", "slug", "description"]
        field_classes = {"title": PlainLineField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "slug": _(
                "Used in the series' calendar address. Leave empty to make it from the title."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "They get a link that works once, for 7 days. They join with an account that "
            "has this address."
        ),
    )

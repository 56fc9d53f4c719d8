import unicodedata

from django import forms

from notifications.models import EmailSettings

# Characters that reorder or hide text: a name "\u202eevil" shows as "live" on a list.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain_line(text: str) -> str:
    """`text` as one line people read: control characters (line breaks included) and
    bidirectional overrides removed, runs of spaces made one."""
    kept = "".join(
        " " if character.isspace() else character
        for character in text
        if character not in BIDI_CONTROLS
        and (character.isspace() or unicodedata.category(character) != "Cc")
    )
    return " ".join(kept.split())


class PlainLineField(forms.CharField):
    """A name or a title: one line of plain text (see `plain_line`)."""

    def to_python(self, value):
        return plain_line(super().to_python(value))


class EmailSettingsForm(forms.ModelForm):
    class Meta:
        model = EmailSettings
        fields = ["footer", "discreet_by_default", "discreet_sender_name"]
        # The sender name goes into the From header: a line break there would make
        # every discreet email fail to send.
        field_classes = {"discreet_sender_name": PlainLineField}
        widgets = {"footer": forms.Textarea(attrs={"rows": 5})}

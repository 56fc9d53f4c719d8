from django import forms

from notifications.models import EmailSettings


class EmailSettingsForm(forms.ModelForm):
    class Meta:
        model = EmailSettings
        fields = ["footer", "discreet_by_default", "discreet_sender_name"]
        widgets = {"footer": forms.Textarea(attrs={"rows": 5})}

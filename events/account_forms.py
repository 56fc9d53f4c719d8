"""allauth's forms in the site's words (ACCOUNT_FORMS): labels in sentence case, no
placeholders repeating the labels, and password rules as plain text a field's help can
carry (allauth gives them as an HTML list, which cannot sit in the `<p>` a field's
`aria-describedby` points to)."""

from allauth.account import forms as allauth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


class SiteWords:
    """Relabels the fields named in `labels`; a new password (`password1`) gets the
    rules as one plain sentence."""

    labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            self.fields[name].label = label
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        if "password1" in self.fields:
            rules = password_validation.password_validators_help_texts()
            self.fields["password1"].help_text = " ".join(rules)


class LoginForm(SiteWords, allauth_forms.LoginForm):
    labels = {"remember": _("Keep me logged in on this device")}


class SignupForm(SiteWords, allauth_forms.SignupForm):
    labels = {"password2": _("Password again")}


class ChangePasswordForm(SiteWords, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password again"),
    }


class SetPasswordForm(SiteWords, allauth_forms.SetPasswordForm):
    labels = {"password2": _("Password again")}


class ResetPasswordForm(SiteWords, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(SiteWords, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("New password again")}


class AddEmailForm(SiteWords, allauth_forms.AddEmailForm):
    labels = {"email": _("Email address to add")}


class ReauthenticateForm(SiteWords, allauth_forms.ReauthenticateForm):
    pass

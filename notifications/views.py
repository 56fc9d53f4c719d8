"""A person's email preferences and one-click unsubscribe, reached by a link that carries
a random stored token (never the address)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from notifications.models import ConsentRecord
from notifications.preferences import consent_latest, preference_unsubscribe, preference_update
from notifications.selectors import email_settings_current, is_discreet, preference_for
from notifications.tokens import email_from_token


class PreferenceForm(forms.Form):
    """Each choice on its own: what we may send (three separate consents), then how it looks."""

    CONSENTS = ("reminders", "announcements", "clinic_contact")

    reminders = forms.BooleanField(
        label=gettext_lazy("Reminders before talks you RSVPed to"),
        help_text=gettext_lazy("An email before each talk you said you would come to."),
        required=False,
    )
    announcements = forms.BooleanField(
        label=gettext_lazy("News from the organisers"),
        help_text=gettext_lazy(
            "New talks, and a thank-you or follow-up after a talk you came to. "
            "The unsubscribe link in our emails turns this off."
        ),
        required=False,
    )
    clinic_contact = forms.BooleanField(
        label=gettext_lazy("The clinic may contact me"),
        help_text=gettext_lazy(
            "Off unless you turn it on here. It lets the clinic's staff email you about their "
            "services. It does not sign you up for treatment or an assessment, and an RSVP "
            "never turns it on."
        ),
        required=False,
    )
    discreet = forms.BooleanField(
        label=gettext_lazy("Discreet emails"),
        help_text=gettext_lazy(
            "A neutral subject and sender, and no talk titles or topics in the email, "
            "for inboxes and lock screens others may see."
        ),
        required=False,
    )


def _email_or_404(token: str) -> str:
    email = email_from_token(token)
    if email is None:
        raise Http404(_("This link is not valid."))
    return email


@never_cache
def email_preferences(request, token):
    email = _email_or_404(token)
    preference = preference_for(email)
    initial = {
        "reminders": preference.reminders,
        "announcements": preference.announcements,
        "clinic_contact": preference.clinic_contact,
        "discreet": is_discreet(preference, email_settings_current()),
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        preference_update(email=email, how=ConsentRecord.How.PREFERENCES_PAGE, **changed)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("email_preferences", token=token)
    latest = consent_latest(preference)
    consents = [(form[name], latest.get(name)) for name in PreferenceForm.CONSENTS]
    context = {
        "form": form,
        "consents": consents,
        "discreet": (form["discreet"], latest.get("discreet")),
    }
    return render(request, "notifications/preferences.html", context)


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST here without a page or a cookie
def email_unsubscribe(request, token):
    email = _email_or_404(token)
    if request.method == "POST":
        preference_unsubscribe(email=email)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
        messages.success(request, _("You will get no more announcements from us."))
        return redirect("email_preferences", token=token)
    return render(request, "notifications/unsubscribe.html", {"token": token})

"""A person's own data: see it, download it, delete it; and ask for a link to it."""

import json
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import hooks, privacy, tokens
from events.models import Rsvp
from events.ratelimits import Limit, client_address, limit_spend

# Tries at the password that deletes an account, per account and hour: a session left
# open somewhere is not a way to guess it.
ACCOUNT_DELETE_TRIES = Limit("account-delete-password", 5, 3600)


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, delete it. This cannot be undone."),
    )


class AccountDeleteForm(DeleteForm):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, tries_left: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.tries_left = user, tries_left

    def clean_password(self):
        if not self.tries_left:
            raise forms.ValidationError(_("Too many tries. Please try again in an hour."))
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("That is not your password. Nothing was deleted."))
        return self.cleaned_data["password"]


class DataLinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _limits() -> dict:
    return {
        "minutes": tokens.DATA_LINK_AGE // timedelta(minutes=1),
        "count": privacy.DATA_LINKS_PER_ADDRESS.count,
    }


def _export(email: str) -> HttpResponse:
    body = json.dumps(privacy.person_data_export(email=email), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


def _data_page(request, email: str, form, **context):
    context = {
        "data": privacy.person_data_export(email=email),
        "sections": hooks.person_data_sections(email=email),
        "form": form,
        "link_minutes": _limits()["minutes"],
        **context,
    }
    return render(request, "events/my_data.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def my_data(request):
    """A member's data; deleting the account (and all with it) takes their password."""
    if request.GET.get("format") == "json":
        return _export(request.user.email)
    posted = request.method == "POST"
    tries_left = not posted or limit_spend(ACCOUNT_DELETE_TRIES, str(request.user.pk))
    form = AccountDeleteForm(
        request.POST if posted else None, user=request.user, tries_left=tries_left
    )
    if posted and form.is_valid():
        privacy.person_data_delete(email=request.user.email)
        logout(request)
        messages.success(request, _("Your account and everything we held about you is deleted."))
        return redirect("home")
    return _data_page(request, request.user.email, form, member=True)


def _link_gone(request):
    form = DataLinkRequestForm()
    context = {"form": form, "link_gone": True, "link_minutes": _limits()["minutes"]}
    return render(request, "events/data_link_request.html", context, status=404)


@never_cache
def person_data(request, token):
    """What a data link shows; deleting with it uses it up."""
    now = timezone.now()
    email = tokens.data_link_email(token=token, now=now)
    if email is None:
        return _link_gone(request)
    if request.GET.get("format") == "json":
        return _export(email)
    has_account = privacy.person_has_account(email=email)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not tokens.data_link_use_up(token=token):
            return _link_gone(request)
        if privacy.person_guest_data_delete(email=email, now=now):
            messages.success(
                request,
                _(
                    "The RSVPs made with this address without logging in are deleted. The "
                    "account stays: to delete it, log in and use “Your data”, with your password."
                ),
            )
        else:
            messages.success(request, _("Everything we held about you is deleted."))
        return redirect("home")
    return _data_page(request, email, form, has_account=has_account)


@never_cache
def person_data_request(request):
    """Ask for a data link by email: the same answer whatever the address."""
    form = DataLinkRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        privacy.person_data_link_send(
            email=form.cleaned_data["email"], client=client_address(request)
        )
        message = _(
            "If we hold anything for that address, we have emailed it a link to see, download "
            "or delete it. The link works for %(minutes)d minutes. We send at most %(count)d "
            "an hour."
        )
        messages.success(request, message % _limits())
        return redirect("person_data_request")
    status = 400 if form.errors else 200
    context = {"form": form, "link_minutes": _limits()["minutes"]}
    return render(request, "events/data_link_request.html", context, status=status)


@require_POST
def rsvp_data_link(request, token):
    """From the page of one RSVP: email a data link to that RSVP's address."""
    rsvp = Rsvp.objects.filter(
        pk=tokens.rsvp_id_from_token(token=token, purpose=tokens.MANAGE)
    ).first()
    if rsvp is None:
        raise Http404(_("This link is not valid."))
    privacy.person_data_link_send(email=rsvp.email, client=client_address(request))
    message = _(
        "We have emailed a link to see, download or delete your data to the address of this "
        "RSVP. It works for %(minutes)d minutes. We send at most %(count)d an hour."
    )
    messages.success(request, message % _limits())
    return redirect("rsvp_manage", token=token)

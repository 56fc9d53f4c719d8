"""A person's own data: see it, download it, delete it."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from events import privacy, tokens
from events.models import Rsvp


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, delete everything you hold about me. This cannot be undone."),
    )


def _data_page(request, email: str):
    if request.GET.get("format") == "json":
        body = json.dumps(privacy.person_data_export(email=email), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        privacy.person_data_delete(email=email)
        if request.user.is_authenticated:
            logout(request)
        messages.success(request, _("Everything we held about you is deleted."))
        return redirect("home")
    context = {"data": privacy.person_data_export(email=email), "form": form}
    return render(request, "events/my_data.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def my_data(request):
    return _data_page(request, request.user.email)


@never_cache
def person_data(request, token):
    rsvp = Rsvp.objects.filter(pk=tokens.rsvp_id_from_person_data_token(token)).first()
    if rsvp is None:
        raise Http404(_("This link is not valid, or it has expired."))
    return _data_page(request, rsvp.email)

"""Asking for announcements of new talks, confirming from the emailed link, and a
subscriber's own page of choices (reached by the random token in every announcement)."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.ratelimits import client_address, limit_spend
from notifications.addresses import normalise_email
from outreach.forms.announcements import ChoicesForm, SubscribeForm
from outreach.services import announcements as services


def _verified_email(user) -> str | None:
    """A member's primary address if it is verified: only then is it theirs to switch."""
    if not user.is_authenticated:
        return None
    address = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    return address.email if address else None


@never_cache
def announcements(request):
    """Guests ask for a confirmation link; a member with a verified address switches
    announcements on or off for it at once."""
    member_email = _verified_email(request.user)
    if member_email:
        return _member_page(request, member_email)
    if request.method != "POST":
        return render(request, "outreach/announcements.html", {"form": SubscribeForm()})
    now = timezone.now()
    per_client, per_address = services.subscribe_limits()
    if not limit_spend(per_client, client_address(request), now):
        response = render(request, "outreach/too_many.html", status=429)
        response["Retry-After"] = str(per_client.window_end(now))
        return response
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "outreach/announcements.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    # Past the address's limit the page says the same and nothing is sent: a different
    # answer would tell the asker something about the address.
    if limit_spend(per_address, normalise_email(email), now):
        services.subscriber_request(
            email=email,
            choices=form.choices(),
            language=translation.get_language() or "",
            discreet=form.cleaned_data["discreet_emails"],
            now=now,
        )
    return redirect("announcements_sent")


def _member_page(request, email: str):
    subscriber = services.subscriber_of_email(email)
    receiving = subscriber is not None and services.subscriber_is_receiving(subscriber)
    initial = ChoicesForm.initial_of(subscriber) if subscriber else None
    form = ChoicesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        turning_on = request.POST.get("action") != "off"
        if not turning_on or form.is_valid():
            services.subscriber_member_switch(
                email=email,
                on=turning_on,
                choices=form.choices() if turning_on else services.SubscriptionChoices(),
                language=translation.get_language() or "",
            )
            messages.success(
                request,
                _("Announcements are on for your address.")
                if turning_on
                else _("You will get no more announcements from us."),
            )
            return redirect("announcements")
    context = {"form": form, "member_email": email, "receiving": receiving}
    return render(
        request, "outreach/announcements_member.html", context, status=400 if form.errors else 200
    )


def announcements_sent(request):
    """The same page whatever the address: new, waiting, subscribed or over its limit."""
    return render(request, "outreach/announcements_sent.html")


@never_cache
def subscription_confirm(request, token):
    """GET shows the choices and a button, POST confirms: mail scanners that follow links
    change nothing."""
    found = services.subscriber_from_confirm_token(token)
    if found is None:
        raise Http404(_("This link is not valid or has expired."))
    subscriber, discreet = found
    if request.method == "POST":
        if services.subscriber_confirm(subscriber=subscriber, discreet=discreet):
            messages.success(request, _("Thank you: announcements are on."))
        return redirect("subscription_preferences", token=subscriber.preference.token)
    context = {
        "subscriber": subscriber,
        "already": services.subscriber_is_receiving(subscriber),
        "topics": subscriber.topics.all(),
    }
    return render(request, "outreach/subscription_confirm.html", context)


@never_cache
def subscription_preferences(request, token):
    """A subscriber's choices, announcements on or off, and unsubscribe (the same as the
    one-click link in the emails)."""
    subscriber = services.subscriber_of_token(token)
    if subscriber is None:
        raise Http404(_("This link is not valid."))
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "unsubscribe":
        services.subscriber_unsubscribe(subscriber=subscriber)
        messages.success(request, _("You will get no more announcements from us."))
        return redirect("subscription_preferences", token=token)
    if action == "resume":
        services.subscriber_resume(subscriber=subscriber)
        messages.success(request, _("Thank you: announcements are on."))
        return redirect("subscription_preferences", token=token)
    form = ChoicesForm(
        request.POST if action == "save" else None, initial=ChoicesForm.initial_of(subscriber)
    )
    if action == "save" and form.is_valid():
        services.subscriber_update(subscriber=subscriber, choices=form.choices())
        messages.success(request, _("Your choices are saved."))
        return redirect("subscription_preferences", token=token)
    context = {
        "form": form,
        "receiving": services.subscriber_is_receiving(subscriber),
        "token": token,
    }
    return render(
        request,
        "outreach/subscription_preferences.html",
        context,
        status=400 if form.errors else 200,
    )

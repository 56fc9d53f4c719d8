"""A person's own RSVP, after they made it: where it stands, changing its party size,
cancelling it (asked once). Members reach theirs by id (only their own); guests by the
signed link in their emails. Never cached, never shown to anyone else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import services, tokens
from events.calendar import talk_location
from events.calendar_links import google_event_url, outlook_event_url
from events.forms import PartySizeForm
from events.models import Rsvp, Talk
from events.selectors import coordinator_messages_for, rsvp_closed_reason, waitlist_position
from events.services.rsvps import ACTIVE, RESIZABLE
from notifications.addresses import normalise_email


def rsvp_from_token(token: str, purpose: str) -> Rsvp:
    rsvp_id = tokens.rsvp_id_from_token(token=token, purpose=purpose)
    if rsvp_id is None:
        raise Http404(_("This link is not valid, or it has expired."))
    return get_object_or_404(Rsvp.objects.select_related("talk__venue"), pk=rsvp_id)


def _member_rsvp(request, pk: int) -> Rsvp:
    """The member's own RSVP by id; anyone else's is a 404, as if it did not exist."""
    mine = Rsvp.objects.select_related("talk__venue")
    return get_object_or_404(mine, pk=pk, email=normalise_email(request.user.email))


def _members(request, pk: int) -> tuple[Rsvp, dict]:
    """The member's own RSVP and its pages' addresses."""
    rsvp = _member_rsvp(request, pk)
    return rsvp, _member_urls(rsvp)


def _guests(token: str) -> tuple[Rsvp, dict]:
    """The RSVP a guest's manage link is for, and its pages' addresses."""
    return rsvp_from_token(token, tokens.MANAGE), guest_urls(token)


def _headline(rsvp: Rsvp, position: int | None, *, ended: bool) -> str:
    if rsvp.status == Rsvp.Status.CONFIRMED and ended:
        return _("This talk has ended: thank you for your RSVP")
    if rsvp.status == Rsvp.Status.CONFIRMED:
        return _("You are going")
    if rsvp.status == Rsvp.Status.WAITLISTED:
        return _("You are on the waitlist: number %(position)s") % {"position": position}
    if rsvp.status == Rsvp.Status.PENDING:
        return _("Almost done: confirm your email address")
    if rsvp.status == Rsvp.Status.CANCELLED:
        return _("Your RSVP is cancelled")
    return _("This RSVP has expired")


def _rsvp_again(talk: Talk, now) -> str | None:
    """What a cancelled RSVP may do now: "rsvp" while seats remain, "waitlist" when full
    with a waitlist, None when the talk takes no RSVPs or is full without one."""
    if rsvp_closed_reason(talk, now):
        return None
    if talk.seats_left != 0:
        return "rsvp"
    return "waitlist" if talk.waitlist_enabled else None


def add_to_calendar(talk: Talk) -> dict:
    """The talk's "add to calendar" links (events/_add_to_calendar.html)."""
    return {
        "ics": reverse("talk_download", kwargs={"slug": talk.slug}),
        "google": google_event_url(talk),
        "outlook": outlook_event_url(talk),
    }


def rsvp_state(rsvp: Rsvp, *, urls: dict, now=None) -> dict:
    """What every page about one RSVP shows (events/_rsvp_state.html). `urls` holds the
    page's own `cancel` and `party` addresses (a member's, or a guest's link's)."""
    now = now or timezone.now()
    talk = rsvp.talk
    position = waitlist_position(rsvp) if rsvp.status == Rsvp.Status.WAITLISTED else None
    upcoming = talk.status == Talk.Status.PUBLISHED and now < talk.start
    seated = rsvp.status == Rsvp.Status.CONFIRMED and upcoming
    ended = now >= talk.end
    return {
        "rsvp": rsvp,
        "talk": talk,
        "where": talk.venue and talk_location(talk),
        "ended": ended,
        "position": position,
        "headline": _headline(rsvp, position, ended=ended),
        "reminders": bool(talk.reminder_hours),
        "add_to_calendar": seated and add_to_calendar(talk),
        "rsvp_again": None if rsvp.status in ACTIVE else _rsvp_again(talk, now),
        "can_cancel": rsvp.status in ACTIVE and now < talk.start,
        "party_form": upcoming
        and rsvp.status in RESIZABLE
        and talk.max_companions > 0
        and PartySizeForm(talk=talk, initial={"companions": rsvp.party_size - 1}),
        "urls": urls,
    }


def _member_urls(rsvp: Rsvp) -> dict:
    return {
        "page": reverse("my_rsvp", kwargs={"pk": rsvp.pk}),
        "cancel": reverse("my_rsvp_cancel", kwargs={"pk": rsvp.pk}),
        "party": reverse("my_rsvp_party", kwargs={"pk": rsvp.pk}),
    }


def guest_urls(token: str) -> dict:
    return {
        "page": reverse("rsvp_manage", kwargs={"token": token}),
        "cancel": reverse("rsvp_cancel", kwargs={"token": token}),
        "party": reverse("rsvp_party", kwargs={"token": token}),
    }


@never_cache
def talk_rsvp_sent(request, slug):
    """Where a guest lands after the RSVP form: "check your email". It reads the same
    whatever the address (new, or one with an RSVP already), so it tells nobody anything."""
    talk = get_object_or_404(Talk.objects.listed().select_related("venue"), slug=slug)
    hours = int(settings.EVENTS_CONFIRM_WITHIN.total_seconds() // 3600)
    return render(request, "events/rsvp_sent.html", {"talk": talk, "confirm_within_hours": hours})


@never_cache
@login_required
def my_rsvp(request, pk):
    """A member's own RSVP: where they land after RSVPing, and where they change it."""
    rsvp, urls = _members(request, pk)
    context = rsvp_state(rsvp, urls=urls)
    context["organiser_messages"] = coordinator_messages_for(rsvp)
    return render(request, "events/my_rsvp.html", context)


def _cancel(request, rsvp: Rsvp, urls: dict):
    """GET asks once, naming the talk and its date; POST cancels and shows where it stands."""
    if request.method == "POST":
        try:
            services.rsvp_cancel(rsvp=rsvp)
            messages.success(request, _("Your RSVP is cancelled."))
        except services.RsvpNotPossible as refusal:
            messages.error(request, str(refusal))
        return redirect(urls["page"])
    state = rsvp_state(rsvp, urls=urls)
    if not state["can_cancel"]:
        return redirect(urls["page"])
    return render(request, "events/rsvp_cancel.html", state)


@never_cache
def rsvp_cancel(request, token):
    return _cancel(request, *_guests(token))


@never_cache
@login_required
def my_rsvp_cancel(request, pk):
    return _cancel(request, *_members(request, pk))


def _change_party(request, rsvp: Rsvp, urls: dict):
    form = PartySizeForm(request.POST, talk=rsvp.talk)
    if not form.is_valid():
        messages.error(request, _("Please choose how many people come with you."))
        return redirect(urls["page"])
    try:
        rsvp = services.rsvp_party_change(rsvp=rsvp, party_size=form.party_size())
    except services.RsvpNotPossible as refusal:
        messages.error(request, str(refusal))
        return redirect(urls["page"])
    messages.success(
        request,
        ngettext(
            "Your RSVP is now for %(count)s person.",
            "Your RSVP is now for %(count)s people.",
            rsvp.party_size,
        )
        % {"count": rsvp.party_size},
    )
    return redirect(urls["page"])


@require_POST
def rsvp_party(request, token):
    return _change_party(request, *_guests(token))


@login_required
@require_POST
def my_rsvp_party(request, pk):
    return _change_party(request, *_members(request, pk))

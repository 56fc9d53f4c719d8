"""At the door: the check-in page (people, not RSVPs, and walk-ins), and the page a
coordinator's camera opens from the QR code in a person's confirmation email.

The code's page checks nobody in by GET: mail scanners and camera previews open links.
Only a coordinator sees who the code is for; anyone else, the person scanning their own
code included, sees a neutral page and changes nothing.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import services, tokens
from events.coordinator_forms import WalkInForm
from events.models import AttendeeListAccess, Rsvp, Talk, WalkIn
from events.permissions import coordinator_required, is_coordinator
from events.selectors import door_counts
from notifications.forms import plain_line


def checkin_url(talk_id: int, *, query: str = "", anchor: str = "") -> str:
    """The check-in page, with the search it had and the place it was at."""
    url = reverse("coordinator_talk_checkin", kwargs={"pk": talk_id})
    query = plain_line(query)
    return url + (f"?{urlencode({'q': query})}" if query else "") + (f"#{anchor}" if anchor else "")


@coordinator_required
def talk_checkin(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    services.attendee_list_access_record(
        talk=talk, by=request.user, what=AttendeeListAccess.What.CHECK_IN
    )
    query = plain_line(request.GET.get("q", ""))  # no NUL or control bytes reach the query
    people = talk.rsvps.attending().order_by(Lower("name"), "pk")
    if query:
        people = people.filter(name__icontains=query)
    context = {
        "talk": talk,
        "query": query,
        "people": people,
        "counts": door_counts(talk),
        "walk_ins": talk.walk_ins.order_by("-at", "-pk"),
        "walk_in_form": WalkInForm(),
    }
    return render(request, "events/coordinator/talk_checkin.html", context)


@coordinator_required
@require_POST
def rsvp_checkin(request, pk):
    """Check a person in, or undo it. The button says which, so a double tap changes nothing."""
    rsvp = get_object_or_404(Rsvp, pk=pk)
    try:
        if request.POST.get("action") == "undo":
            services.rsvp_check_in_undo(rsvp=rsvp)
            messages.success(request, _("%(name)s is no longer checked in.") % {"name": rsvp.name})
        else:
            services.rsvp_check_in(rsvp=rsvp, by=request.user)
            messages.success(request, _("%(name)s is checked in.") % {"name": rsvp.name})
    except services.RsvpNotPossible as refusal:
        messages.error(request, str(refusal))
    query = request.POST.get("q", "")
    return redirect(checkin_url(rsvp.talk_id, query=query, anchor=f"rsvp-{rsvp.pk}"))


@coordinator_required
@require_POST
def walk_in_add(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        walk_in = services.walk_in_add(talk=talk, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            ngettext(
                "%(count)d walk-in is checked in.",
                "%(count)d walk-ins are checked in.",
                walk_in.people,
            )
            % {"count": walk_in.people},
        )
    else:
        messages.error(request, _("Enter how many people came in (1 to 20)."))
    return redirect(checkin_url(talk.pk, query=request.POST.get("q", ""), anchor="walk-ins"))


@coordinator_required
@require_POST
def walk_in_remove(request, pk):
    walk_in = get_object_or_404(WalkIn, pk=pk)
    services.walk_in_remove(walk_in=walk_in)
    messages.success(request, _("The walk-in is removed."))
    return redirect(checkin_url(walk_in.talk_id, anchor="walk-ins"))


def _rsvp_of_check_in_code(token: str) -> Rsvp:
    rsvp_id = tokens.rsvp_id_from_token(token=token, purpose=tokens.CHECK_IN)
    if rsvp_id is None:
        raise Http404(_("This link is not valid, or it has expired."))
    return get_object_or_404(Rsvp.objects.select_related("talk"), pk=rsvp_id)


@never_cache
def rsvp_door(request, token):
    """GET: who the code is for and a big "Check in" button; POST: check them in."""
    rsvp = _rsvp_of_check_in_code(token)
    if not is_coordinator(request.user):
        if request.method != "POST":
            return render(request, "events/door_code.html")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.rsvp_check_in(rsvp=rsvp, by=request.user)
            messages.success(request, _("%(name)s is checked in.") % {"name": rsvp.name})
        except services.RsvpNotPossible as refusal:
            messages.error(request, str(refusal))
        return redirect(checkin_url(rsvp.talk_id, anchor=f"rsvp-{rsvp.pk}"))
    services.attendee_list_access_record(
        talk=rsvp.talk, by=request.user, what=AttendeeListAccess.What.DOOR_CODE
    )
    context = {"rsvp": rsvp, "talk": rsvp.talk, "confirmed": rsvp.status == Rsvp.Status.CONFIRMED}
    return render(request, "events/coordinator/rsvp_door.html", context)

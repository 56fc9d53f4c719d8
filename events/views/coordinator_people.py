"""The coordinator's tools for a talk's people: the attendee list, check-in at the door, a
message to everyone coming, and the site's email settings."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from events import services
from events.coordinator_forms import MessageForm
from events.exports import attendees_csv_write
from events.models import AttendeeListAccess, Rsvp, Talk
from events.permissions import coordinator_required
from events.views.coordinator import action_page, detail_url
from notifications.forms import EmailSettingsForm, plain_line
from notifications.selectors import email_settings_current


@coordinator_required
def talk_attendees_csv(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    services.attendee_list_access_record(
        talk=talk, by=request.user, what=AttendeeListAccess.What.CSV_EXPORT
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{talk.slug}-attendees.csv"'
    attendees_csv_write(talk, response)
    return response


@coordinator_required
def talk_checkin(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    services.attendee_list_access_record(
        talk=talk, by=request.user, what=AttendeeListAccess.What.CHECK_IN
    )
    query = plain_line(request.GET.get("q", ""))  # no NUL or control bytes reach the query
    attending = talk.rsvps.attending()
    counts = attending.aggregate(
        confirmed=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    people = attending.order_by(Lower("name"), "pk")
    if query:
        people = people.filter(name__icontains=query)
    context = {"talk": talk, "query": query, "people": people, **counts}
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
    url = reverse("coordinator_talk_checkin", kwargs={"pk": rsvp.talk_id})
    query = request.POST.get("q", "").strip()
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@coordinator_required
def talk_message(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = services.talk_message_attendees(talk=talk, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            ngettext(
                "Your message is on its way to %(count)d person.",
                "Your message is on its way to %(count)d people.",
                sent,
            )
            % {"count": sent},
        )
        return redirect(detail_url(talk))
    return action_page(request, talk, form, "events/coordinator/talk_message.html")


@coordinator_required
def email_settings(request):
    form = EmailSettingsForm(request.POST or None, instance=email_settings_current())
    if request.method == "POST" and form.is_valid():
        services.email_settings_change(**form.cleaned_data)
        messages.success(request, _("The email settings are saved."))
        return redirect("coordinator_email_settings")
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/email_settings.html", {"form": form}, status=status)

"""The coordinator's tools for a talk's people: the attendee list, check-in at the door, a
message to everyone coming, and the site's email settings."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from events import emails, services
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


PREVIEW_POLICY = settings.CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


@coordinator_required
def talk_message(request, pk):
    """Write, preview, test and send. The buttons say which (`action`): "preview" shows
    the email as a made-up attendee gets it, plain and discreet; "test" sends one copy
    to the coordinator; "send" (the default) sends it to the chosen attendees."""
    talk = get_object_or_404(Talk, pk=pk)
    form = MessageForm(request.POST or None)
    action = request.POST.get("action", "send")
    if request.method != "POST" or not form.is_valid():
        return action_page(request, talk, form, "events/coordinator/talk_message.html")
    words = {"subject": form.cleaned_data["subject"], "body": form.cleaned_data["body"]}
    if action == "preview":
        previews = emails.coordinator_message_previews(talk, **words)
        context = {"talk": talk, "form": form, "previews": previews}
        response = render(request, "events/coordinator/talk_message.html", context)
        # The emails' HTML has inline styles, shown in a sandboxed frame (no script).
        response["Content-Security-Policy"] = PREVIEW_POLICY
        return response
    if action == "test":
        services.talk_message_test(talk=talk, by=request.user, **words)
        messages.success(
            request,
            _("A test copy is on its way to %(email)s. Nobody else gets it.")
            % {"email": request.user.email},
        )
        return action_page(request, talk, form, "events/coordinator/talk_message.html")
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


@coordinator_required
def email_settings(request):
    form = EmailSettingsForm(request.POST or None, instance=email_settings_current())
    if request.method == "POST" and form.is_valid():
        services.email_settings_change(**form.cleaned_data)
        messages.success(request, _("The email settings are saved."))
        return redirect("coordinator_email_settings")
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/email_settings.html", {"form": form}, status=status)

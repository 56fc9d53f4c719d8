"""The coordinator's tools for a talk's people: the attendee list, a message to everyone
coming, and the site's email settings (check-in at the door: events/views/door.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import services
from events.coordinator_forms import MessageForm
from events.exports import attendees_csv_write
from events.models import AttendeeListAccess, Talk
from events.permissions import coordinator_required
from events.views.coordinator import action_page, detail_url
from notifications.forms import EmailSettingsForm
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

"""The coordinator's tools for a talk's people: the attendee list, a message to everyone
coming, and the site's email settings (check-in at the door: events/views/door.py)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import emails, services
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

"""The coordinator tools: create, edit, publish, move, resize, copy and cancel talks; see who
is coming; check people in. Each view maps HTTP to one call in events.services.

A lock wait that times out (events.locking.TalkBusy) is answered with a 503 "busy, please
try again" page by events.middleware.TalkBusyMiddleware.
"""

import csv
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from events import services
from events.coordinator_forms import (
    CancelForm,
    CapacityForm,
    DuplicateForm,
    MessageForm,
    RescheduleForm,
    TalkEditForm,
    TalkForm,
    as_local,
)
from events.emails import talk_group
from events.models import Rsvp, Talk
from events.permissions import coordinator_required
from notifications.forms import EmailSettingsForm
from notifications.selectors import email_settings_current
from notifications.services import email_failures, email_settings_update

ACTION_LABELS = {
    "created": gettext_lazy("Created"),
    "edited": gettext_lazy("Edited"),
    "published": gettext_lazy("Published"),
    "rescheduled": gettext_lazy("Rescheduled"),
    "capacity": gettext_lazy("Capacity changed"),
    "cancelled": gettext_lazy("Cancelled"),
    "duplicated": gettext_lazy("Duplicated"),
    "message": gettext_lazy("Message sent"),
}
DETAIL_LABELS = {
    "message": gettext_lazy("Message"),
    "copy": gettext_lazy("Copy"),
    "subject": gettext_lazy("Subject"),
    "audience": gettext_lazy("Sent to"),
    "recipients": gettext_lazy("People"),
}


DASHBOARD_PAGE = 50


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _detail_url(talk: Talk) -> str:
    return reverse("coordinator_talk_detail", kwargs={"pk": talk.pk})


# --- Dashboard and talk page ------------------------------------------------------------------


@coordinator_required
def dashboard(request):
    now = timezone.now()
    talks = Talk.objects.select_related("venue").with_attendance()
    upcoming = talks.filter(end__gt=now).order_by("start", "pk")
    past = talks.filter(end__lte=now).order_by("-start", "-pk")
    context = {
        "upcoming": Paginator(upcoming, DASHBOARD_PAGE).get_page(request.GET.get("page")),
        "past": Paginator(past, DASHBOARD_PAGE).get_page(request.GET.get("past_page")),
    }
    return render(request, "events/coordinator/dashboard.html", context)


@dataclass(frozen=True)
class ChangeRow:
    at: datetime
    who: str
    action: str
    lines: list[str]


def _shown(value, zone) -> str:
    if value in ("", None):
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if timezone.is_naive(moment):
        return str(value)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def _label(key: str) -> str:
    if key in DETAIL_LABELS:
        return str(DETAIL_LABELS[key])
    try:
        return capfirst(Talk._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key


def _in_field_order(item) -> int:
    """Details in the order of the talk's fields (PostgreSQL's jsonb keeps no key order)."""
    names = [field.name for field in Talk._meta.get_fields()]
    return names.index(item[0]) if item[0] in names else len(names)


def _detail_lines(details: dict, zone) -> list[str]:
    lines = []
    for key, value in sorted(details.items(), key=_in_field_order):
        if key == "changed" and isinstance(value, dict):
            lines += _detail_lines(value, zone)
        elif isinstance(value, list) and len(value) == 2:
            lines.append(
                _("%(field)s: %(old)s → %(new)s")
                % {
                    "field": _label(key),
                    "old": _shown(value[0], zone),
                    "new": _shown(value[1], zone),
                }
            )
        else:
            lines.append(
                _("%(field)s: %(value)s") % {"field": _label(key), "value": _shown(value, zone)}
            )
    return lines


def _change_rows(talk: Talk) -> list[ChangeRow]:
    return [
        ChangeRow(
            at=change.at,
            who=change.by.email if change.by else _("(deleted account)"),
            action=str(ACTION_LABELS.get(change.action, change.action)),
            lines=_detail_lines(change.details, talk.tzinfo),
        )
        for change in talk.changes.select_related("by")
    ]


@coordinator_required
def talk_detail(request, pk):
    now = timezone.now()
    talks = (
        Talk.objects.with_seats_taken(now)
        .select_related("venue", "series")
        .prefetch_related("topics", "speakers")
    )
    talk = get_object_or_404(talks, pk=pk)
    attending = list(talk.rsvps.attending().order_by(Lower("name"), "pk"))
    context = {
        "talk": talk,
        "attending": attending,
        "checked_in": sum(1 for rsvp in attending if rsvp.checked_in_at),
        "waitlist": list(talk.rsvps.waitlist()),
        "pending": talk.rsvps.filter(status=Rsvp.Status.PENDING).count(),
        "changes": _change_rows(talk),
        "failed_emails": list(email_failures(group=talk_group(talk))),
    }
    return render(request, "events/coordinator/talk_detail.html", context)


@coordinator_required
def talk_preview(request, pk):
    """The public talk page, for a talk in any state; it takes no RSVPs from here."""
    talks = Talk.objects.for_listing(timezone.now()).prefetch_related("speakers")
    talk = get_object_or_404(talks, pk=pk)
    context = {
        "talk": talk,
        "rsvp": None,
        "closed_reason": _("This is a preview: RSVPs are taken on the published page."),
    }
    return render(request, "events/talk_detail.html", context)


# --- Creating and editing --------------------------------------------------------------------


def _perform(request, form, action, success: str, field: str | None = None):
    """For a valid POST, run `action(cleaned_data)` and say `success`; a service's
    ValidationError goes onto the form instead. Returns the action's result or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        if field:
            form.add_error(field, error)
        else:
            _add_service_errors(form, error)
        return None
    messages.success(request, success)
    return result


@coordinator_required
def talk_create(request):
    form = TalkForm(request.POST or None)
    talk = _perform(
        request,
        form,
        lambda data: services.talk_create(
            by=request.user, topics=data["topics"], speakers=data["speakers"], **form.talk_fields()
        ),
        _("The draft is saved. Publish it when it is ready."),
    )
    if talk:
        return redirect(_detail_url(talk))
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/talk_form.html", {"form": form}, status=status)


@coordinator_required
def talk_edit(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    if request.method == "POST":
        form = TalkEditForm(request.POST, talk=talk)
    else:
        form = TalkEditForm(talk=talk, initial=TalkEditForm.initial_for(talk))
    updated = _perform(
        request,
        form,
        lambda data: services.talk_update(
            talk=talk,
            by=request.user,
            topics=data["topics"],
            speakers=data["speakers"],
            **form.talk_fields(),
        ),
        _("Your changes are saved."),
    )
    if updated:
        return redirect(_detail_url(talk))
    status = 400 if form.errors else 200
    return render(
        request, "events/coordinator/talk_form.html", {"form": form, "talk": talk}, status=status
    )


# --- Actions on a talk -----------------------------------------------------------------------


@coordinator_required
@require_POST
def talk_publish(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    try:
        services.talk_publish(talk=talk, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The talk is published."))
    return redirect(_detail_url(talk))


def _action_page(request, talk, form, template, status=None):
    if status is None:
        status = 400 if form.errors else 200
    return render(request, template, {"talk": talk, "form": form}, status=status)


@coordinator_required
def talk_reschedule(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    zone = talk.tzinfo
    initial = {"start": as_local(talk.start, zone), "end": as_local(talk.end, zone)}
    form = RescheduleForm(request.POST or None, talk=talk, initial=initial)
    moved = _perform(
        request,
        form,
        lambda data: services.talk_reschedule(
            talk=talk, start=data["start"], end=data["end"], by=request.user
        ),
        _("The talk is rescheduled."),
    )
    if moved:
        return redirect(_detail_url(talk))
    return _action_page(request, talk, form, "events/coordinator/talk_reschedule.html")


@coordinator_required
def talk_capacity(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    form = CapacityForm(request.POST or None, initial={"capacity": talk.capacity})
    resized = _perform(
        request,
        form,
        lambda data: services.talk_capacity_change(
            talk=talk, capacity=data["capacity"], by=request.user
        ),
        _("The capacity is changed."),
        field="capacity",
    )
    if resized:
        return redirect(_detail_url(talk))
    return _action_page(request, talk, form, "events/coordinator/talk_capacity.html")


@coordinator_required
def talk_duplicate(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    form = DuplicateForm(request.POST or None, talk=talk, initial=DuplicateForm.initial_for(talk))
    copy = _perform(
        request,
        form,
        lambda data: services.talk_duplicate(
            talk=talk, start=data["start"], end=data["end"], by=request.user
        ),
        _("This draft is a copy. Check it, then publish it."),
    )
    if copy:
        return redirect(_detail_url(copy))
    return _action_page(request, talk, form, "events/coordinator/talk_duplicate.html")


@coordinator_required
def talk_cancel(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    form = CancelForm(request.POST or None)
    cancelled = _perform(
        request,
        form,
        lambda data: services.talk_cancel(talk=talk, message=data["message"], by=request.user),
        _("The talk is cancelled and everyone who RSVPed is told."),
    )
    if cancelled:
        return redirect(_detail_url(talk))
    return _action_page(request, talk, form, "events/coordinator/talk_cancel.html")


# --- Attendees -------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@coordinator_required
def talk_attendees_csv(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    rsvps = [*talk.rsvps.attending().order_by(Lower("name"), "pk"), *talk.rsvps.waitlist()]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{talk.slug}-attendees.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Status"),
            _("Name"),
            _("Email"),
            _("Party size"),
            _("Accessibility needs"),
            _("Heard about"),
            _("Checked in at"),
        ]
    )
    for rsvp in rsvps:
        checked_in = as_local(rsvp.checked_in_at, talk.tzinfo)
        writer.writerow(
            [
                _cell(rsvp.get_status_display()),
                _cell(rsvp.name),
                _cell(rsvp.email),
                rsvp.party_size,
                _cell(rsvp.accessibility_needs),
                _cell(rsvp.heard_about),
                checked_in.isoformat(sep=" ", timespec="minutes") if checked_in else "",
            ]
        )
    return response


@coordinator_required
def talk_checkin(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    query = request.GET.get("q", "").strip()
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
        return redirect(_detail_url(talk))
    return _action_page(request, talk, form, "events/coordinator/talk_message.html")


@coordinator_required
def email_settings(request):
    form = EmailSettingsForm(request.POST or None, instance=email_settings_current())
    if request.method == "POST" and form.is_valid():
        email_settings_update(**form.cleaned_data)
        messages.success(request, _("The email settings are saved."))
        return redirect("coordinator_email_settings")
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/email_settings.html", {"form": form}, status=status)

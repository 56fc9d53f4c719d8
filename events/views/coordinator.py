"""The coordinator tools for talks: create, edit, publish, move, resize, copy and cancel;
the dashboard and a talk's page. Each view maps HTTP to one call in events.services.

A lock wait that times out (events.locking.TalkBusy) is answered with a 503 "busy, please
try again" page by events.middleware.TalkBusyMiddleware.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.change_log import change_rows
from events.coordinator_forms import (
    CancelForm,
    CapacityForm,
    DuplicateForm,
    RescheduleForm,
    TalkEditForm,
    TalkForm,
)
from events.emails import talk_group
from events.hooks import coordinator_dashboard_links_for, topic_resources_for
from events.models import AttendeeListAccess, Rsvp, Talk
from events.permissions import coordinator_required
from events.selectors import cohosts_of_talks, coordinator_links_of_talk, talks_for_dashboard
from events.zoned_fields import as_local
from notifications.outbox import email_failures

DASHBOARD_PAGE = 50


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def detail_url(talk: Talk) -> str:
    return reverse("coordinator_talk_detail", kwargs={"pk": talk.pk})


# --- Dashboard and talk page ------------------------------------------------------------------


@coordinator_required
def dashboard(request):
    upcoming, past = talks_for_dashboard(timezone.now())
    context = {
        "upcoming": Paginator(upcoming, DASHBOARD_PAGE).get_page(request.GET.get("page")),
        "past": Paginator(past, DASHBOARD_PAGE).get_page(request.GET.get("past_page")),
        "more_pages": coordinator_dashboard_links_for(),
    }
    return render(request, "events/coordinator/dashboard.html", context)


@coordinator_required
def talk_detail(request, pk):
    talks = Talk.objects.select_related("venue", "series").prefetch_related("topics", "speakers")
    talk = get_object_or_404(talks, pk=pk)
    services.attendee_list_access_record(
        talk=talk, by=request.user, what=AttendeeListAccess.What.TALK_PAGE
    )
    attending = list(talk.rsvps.attending().order_by(Lower("name"), "pk"))
    context = {
        "talk": talk,
        "attending": attending,
        "checked_in": sum(1 for rsvp in attending if rsvp.checked_in_at),
        "waitlist": list(talk.rsvps.waitlist()),
        "pending": talk.rsvps.filter(status=Rsvp.Status.PENDING).count(),
        "changes": change_rows(talk),
        "failed_emails": list(email_failures(group=talk_group(talk))),
        "more_links": coordinator_links_of_talk(talk),
    }
    return render(request, "events/coordinator/talk_detail.html", context)


@coordinator_required
def talk_preview(request, pk):
    """The public talk page, for a talk in any state; it takes no RSVPs from here."""
    talks = Talk.objects.for_listing().prefetch_related("topics", "speakers")
    talk = get_object_or_404(talks, pk=pk)
    context = {
        "talk": talk,
        "rsvp": None,
        "closed_reason": _("This is a preview: RSVPs are taken on the published page."),
        "cohosts": cohosts_of_talks([talk.pk]).get(talk.pk, []),
        "topic_resources": topic_resources_for([topic.pk for topic in talk.topics.all()]),
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
    form = TalkForm(request.POST or None, request.FILES or None)
    talk = _perform(
        request,
        form,
        lambda data: services.talk_create(
            by=request.user, topics=data["topics"], speakers=data["speakers"], **form.talk_fields()
        ),
        _("The draft is saved. Publish it when it is ready."),
    )
    if talk:
        return redirect(detail_url(talk))
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/talk_form.html", {"form": form}, status=status)


@coordinator_required
def talk_edit(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    if request.method == "POST":
        form = TalkEditForm(request.POST, request.FILES, talk=talk, initial={"image": talk.image})
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
        return redirect(detail_url(talk))
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
    return redirect(detail_url(talk))


def action_page(request, talk, form, template, status=None):
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
        return redirect(detail_url(talk))
    return action_page(request, talk, form, "events/coordinator/talk_reschedule.html")


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
        return redirect(detail_url(talk))
    return action_page(request, talk, form, "events/coordinator/talk_capacity.html")


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
        return redirect(detail_url(copy))
    return action_page(request, talk, form, "events/coordinator/talk_duplicate.html")


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
        return redirect(detail_url(talk))
    return action_page(request, talk, form, "events/coordinator/talk_cancel.html")

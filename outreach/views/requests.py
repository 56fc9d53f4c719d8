"""Talk requests: the public form, its confirmation and status pages, and the
coordinators' list, detail, schedule and decline pages. Each view maps HTTP to one call
in outreach.services.requests.

The public form sends an email to any address typed in, so it is guarded three ways,
none of which needs a third party: a hidden field people never fill (`website`), a
signed moment the form was shown (a form sent back faster than a person types is a
bot's), and a per-client limit in the shared cache (events.ratelimits).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.coordinator_forms import TalkForm
from events.permissions import coordinator_required
from events.ratelimits import Limit, client_address, limit_spend
from outreach.forms.requests import DeclineForm, RequestForm, TriageForm, shown_now
from outreach.models import TalkRequest, TalkRequestChange
from outreach.request_tokens import form_shown_at, talk_request_id_from_token
from outreach.services import requests as services
from outreach.talk_prefill import talk_initial_from_request

LIST_PAGE = 50
# What the requester's status page shows of a request's history: never who did it,
# never an assignee or a note.
PUBLIC_ACTIONS = (
    TalkRequestChange.Action.SUBMITTED,
    TalkRequestChange.Action.STATE,
    TalkRequestChange.Action.SCHEDULED,
    TalkRequestChange.Action.DECLINED,
    TalkRequestChange.Action.PUBLISHED,
)


def talk_request_limit() -> Limit:
    return Limit("talk-request-ip", settings.TALK_REQUESTS_PER_IP_PER_HOUR, 3600)


def _service_errors_on(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The public pages ------------------------------------------------------------------------


def _form_page(request, form, status=200):
    return render(request, "outreach/request_form.html", {"form": form}, status=status)


def _sent_too_soon(posted_stamp: str, now) -> bool:
    shown = form_shown_at(posted_stamp)
    return shown is None or now.timestamp() - shown < settings.TALK_REQUEST_MIN_FILL_SECONDS


@never_cache
def talk_request_create(request):
    now = timezone.now()
    if request.method != "POST":
        return _form_page(request, RequestForm(initial=shown_now(now)))
    limit = talk_request_limit()
    if not limit_spend(limit, client_address(request), now):
        response = render(request, "outreach/request_too_many.html", status=429)
        response["Retry-After"] = str(limit.window_end(now))
        return response
    too_soon = _sent_too_soon(request.POST.get("shown", ""), now)
    data = request.POST.copy()
    data["shown"] = shown_now(now)["shown"]  # a form shown again counts from now
    form = RequestForm(data)
    if not form.is_valid() or too_soon or form.cleaned_data["website"]:
        if too_soon:
            form.add_error(
                None,
                _(
                    "That was sent very quickly, so we could not tell it from an automated "
                    "message. Nothing was saved: please check the form and send it again."
                ),
            )
        elif form.is_valid():
            form.add_error(None, _("This form could not be sent. Nothing was saved."))
        return _form_page(request, form, status=400)
    services.talk_request_create(
        topics=form.cleaned_data["topics"],
        preferred_dates=form.preferred_dates(),
        email_language=translation.get_language() or "",
        now=now,
        **form.request_fields(),
    )
    return redirect("talk_request_sent")


def talk_request_sent(request):
    """The same page for every request: it repeats nothing that was typed."""
    return render(request, "outreach/request_sent.html")


@never_cache
def talk_request_status(request, token):
    request_id = talk_request_id_from_token(token)
    if request_id is None:
        raise Http404
    talk_request = get_object_or_404(TalkRequest.objects.select_related("talk"), pk=request_id)
    context = {
        "talk_request": talk_request,
        "preferred_dates": list(talk_request.preferred_dates.all()),
        "changes": list(talk_request.changes.filter(action__in=PUBLIC_ACTIONS)),
        "published_talk": _published(talk_request.talk),
    }
    return render(request, "outreach/request_status.html", context)


def _published(talk):
    return talk if talk is not None and talk.status == talk.Status.PUBLISHED else None


# --- The coordinators' pages -----------------------------------------------------------------


def detail_url(talk_request: TalkRequest) -> str:
    return reverse("coordinator_request_detail", kwargs={"pk": talk_request.pk})


@coordinator_required
def request_list(request):
    state = request.GET.get("state", "")
    requests = (
        TalkRequest.objects.select_related("assignee")
        .annotate(first_date=Min("preferred_dates__day"))
        .order_by("-created_at", "-pk")
    )
    if state in TalkRequest.State.values:
        requests = requests.filter(state=state)
    else:
        state = ""
    context = {
        "page": Paginator(requests, LIST_PAGE).get_page(request.GET.get("page")),
        "state": state,
        "states": TalkRequest.State.choices,
    }
    return render(request, "outreach/coordinator/request_list.html", context)


def _detail_page(request, talk_request, form, status=200):
    context = {
        "talk_request": talk_request,
        "form": form,
        "preferred_dates": list(talk_request.preferred_dates.all()),
        "topics": list(talk_request.topics.all()),
        "changes": list(talk_request.changes.select_related("by")),
    }
    return render(request, "outreach/coordinator/request_detail.html", context, status=status)


@coordinator_required
def request_detail(request, pk):
    talk_request = get_object_or_404(TalkRequest.objects.select_related("assignee", "talk"), pk=pk)
    if request.method != "POST":
        form = TriageForm(talk_request=talk_request, initial=TriageForm.initial_for(talk_request))
        return _detail_page(request, talk_request, form)
    form = TriageForm(request.POST, talk_request=talk_request)
    if form.is_valid():
        try:
            services.talk_request_triage(
                talk_request=talk_request, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors_on(form, error)
        else:
            messages.success(request, _("The request is updated."))
            return redirect(detail_url(talk_request))
    return _detail_page(request, talk_request, form, status=400)


@coordinator_required
def request_schedule(request, pk):
    """The new-talk form, filled in from the request; saving makes the draft talk and
    closes the request as scheduled."""
    talk_request = get_object_or_404(TalkRequest, pk=pk)
    if not talk_request.is_open:
        messages.error(request, _("This request is closed: it cannot be scheduled again."))
        return redirect(detail_url(talk_request))
    if request.method != "POST":
        form = TalkForm(initial=talk_initial_from_request(talk_request))
        return _schedule_page(request, talk_request, form)
    form = TalkForm(request.POST)
    if form.is_valid():
        try:
            talk = services.talk_request_schedule(
                talk_request=talk_request,
                by=request.user,
                topics=form.cleaned_data["topics"],
                speakers=form.cleaned_data["speakers"],
                **form.talk_fields(),
            )
        except ValidationError as error:
            _service_errors_on(form, error)
        else:
            messages.success(request, _("The draft talk is saved. Publish it when it is ready."))
            return redirect("coordinator_talk_detail", pk=talk.pk)
    return _schedule_page(request, talk_request, form, status=400)


def _schedule_page(request, talk_request, form, status=200):
    context = {"talk_request": talk_request, "form": form}
    return render(request, "outreach/coordinator/request_schedule.html", context, status=status)


@coordinator_required
def request_decline(request, pk):
    talk_request = get_object_or_404(TalkRequest, pk=pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.talk_request_decline(
                talk_request=talk_request, by=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            _service_errors_on(form, error)
        else:
            messages.success(request, _("The request is declined and the requester is told."))
            return redirect(detail_url(talk_request))
    status = 400 if form.errors else 200
    context = {"talk_request": talk_request, "form": form}
    return render(request, "outreach/coordinator/request_decline.html", context, status=status)

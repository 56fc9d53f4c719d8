"""The coordinator's pages for venues, speakers, topics and series: a list, a new one, an
edit page, and a delete that is refused while talks use it. One view of each kind serves
all four; `KINDS` says what differs. Each write is one call in events.services.
"""

from dataclasses import dataclass
from types import ModuleType

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from events import services
from events.models import Series, Speaker, Topic, Venue
from events.permissions import coordinator_required
from events.programme_forms import SeriesForm, SpeakerForm, TopicForm, VenueForm
from events.services.programme import venue_upcoming_talks
from events.views.coordinator import _add_service_errors

LIST_PAGE = 50


@dataclass(frozen=True)
class Kind:
    """One of the four: its services are `<name>_create`, `<name>_update(<name>=...)` and
    `<name>_delete(<name>=...)` in `services` (events.services unless named: outreach's
    partners are a kind too); its URL names `coordinator_<name>_*`, each passed the Kind
    as its `kind` argument."""

    name: str
    model: type
    form: type
    plural: Promise
    new: Promise
    edit: Promise
    saved: Promise
    deleted: Promise
    services: ModuleType = services

    def url(self, action: str, **kwargs) -> str:
        return reverse(f"coordinator_{self.name}_{action}", kwargs=kwargs)

    def create(self, **fields):
        return getattr(self.services, f"{self.name}_create")(**fields)

    def update(self, thing, **fields):
        return getattr(self.services, f"{self.name}_update")(**{self.name: thing}, **fields)

    def delete(self, thing):
        return getattr(self.services, f"{self.name}_delete")(**{self.name: thing})


KINDS = {
    kind.name: kind
    for kind in (
        Kind("venue", Venue, VenueForm, _("Venues"), _("New venue"), _("Edit venue"),
             _("The venue is saved."), _("The venue is deleted.")),
        Kind("speaker", Speaker, SpeakerForm, _("Speakers"), _("New speaker"), _("Edit speaker"),
             _("The speaker is saved."), _("The speaker is deleted.")),
        Kind("topic", Topic, TopicForm, _("Topics"), _("New topic"), _("Edit topic"),
             _("The topic is saved."), _("The topic is deleted.")),
        Kind("series", Series, SeriesForm, _("Series"), _("New series"), _("Edit series"),
             _("The series is saved."), _("The series is deleted.")),
    )
}  # fmt: skip


def _form_page(request, kind: Kind, form, thing=None):
    context = {"kind": kind, "form": form, "thing": thing}
    status = 400 if form.errors else 200
    return render(request, "events/coordinator/programme_form.html", context, status=status)


def _saved(request, kind: Kind, form, write) -> bool:
    """Hand a valid POST to `write`; a service's ValidationError goes onto the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(**form.cleaned_data)
    except ValidationError as error:
        _add_service_errors(form, error)
        return False
    messages.success(request, kind.saved)
    return True


@coordinator_required
def programme_list(request, kind: Kind):
    things = kind.model.objects.annotate(talk_count=Count("talks")).order_by(
        *kind.model._meta.ordering, "pk"
    )
    page = Paginator(things, LIST_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/coordinator/programme_list.html", {"kind": kind, "page": page})


@coordinator_required
def programme_create(request, kind: Kind):
    form = kind.form(request.POST or None, request.FILES or None)
    if _saved(request, kind, form, kind.create):
        return redirect(kind.url("list"))
    return _form_page(request, kind, form)


def _place_locked(kind: Kind, thing) -> dict:
    if kind.model is Venue:
        return {"place_locked": venue_upcoming_talks(thing).exists()}
    return {}


@coordinator_required
def programme_edit(request, kind: Kind, pk):
    thing = get_object_or_404(kind.model, pk=pk)
    form = kind.form(
        request.POST or None,
        request.FILES or None,
        instance=kind.model.objects.get(pk=pk),  # the form changes its copy as it checks
        **_place_locked(kind, thing),
    )
    if _saved(request, kind, form, lambda **fields: kind.update(thing, **fields)):
        return redirect(kind.url("list"))
    return _form_page(request, kind, form, thing)


@coordinator_required
@require_POST
def programme_delete(request, kind: Kind, pk):
    thing = get_object_or_404(kind.model, pk=pk)
    try:
        kind.delete(thing)
    except services.ProgrammeInUse as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(kind.url("edit", pk=pk))
    messages.success(request, kind.deleted)
    return redirect(kind.url("list"))

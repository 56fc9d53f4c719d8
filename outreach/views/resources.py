"""The coordinator's pages for reading to take home: a list (the broken links alone with
?broken=1), a new one, an edit page and a delete. Each write is one call in
outreach.services.resources."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.permissions import coordinator_required
from outreach.models import Resource
from outreach.resource_forms import ResourceForm
from outreach.services import resources as service

LIST_PAGE = 50


@coordinator_required
def resource_list(request):
    broken_only = request.GET.get("broken") == "1"
    shown = Resource.objects.prefetch_related("topics").order_by("title", "pk")
    if broken_only:
        shown = shown.filter(link_broken=True)
    page = Paginator(shown, LIST_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "broken_only": broken_only}
    return render(request, "outreach/resource_list.html", context)


def _form_page(request, form, resource=None):
    status = 400 if form.errors else 200
    context = {"form": form, "resource": resource}
    return render(request, "outreach/resource_form.html", context, status=status)


@coordinator_required
def resource_create(request):
    form = ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service.resource_create(**form.cleaned_data)
        messages.success(request, _("The resource is saved."))
        return redirect("coordinator_resource_list")
    return _form_page(request, form)


@coordinator_required
def resource_edit(request, pk):
    resource = get_object_or_404(Resource, pk=pk)
    # The form changes its own copy as it checks.
    form = ResourceForm(request.POST or None, instance=Resource.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        service.resource_update(resource=resource, **form.cleaned_data)
        messages.success(request, _("The resource is saved."))
        return redirect("coordinator_resource_list")
    return _form_page(request, form, resource)


@coordinator_required
@require_POST
def resource_delete(request, pk):
    service.resource_delete(resource=get_object_or_404(Resource, pk=pk))
    messages.success(request, _("The resource is deleted."))
    return redirect("coordinator_resource_list")

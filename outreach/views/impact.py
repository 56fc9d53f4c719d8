"""The impact dashboard and its CSV, for coordinators: the same filters, the same report
(outreach.impact.report), so the same figures and the same withheld ones."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from events.permissions import coordinator_required
from outreach.forms.impact import ImpactFilterForm
from outreach.impact.export import impact_csv_write
from outreach.impact.report import ImpactSources, impact_report


def impact_page(request, *, using: ImpactSources):
    form = ImpactFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "outreach/impact.html", {"form": form}, status=400)
    report = impact_report(filters=form.filters(), now=timezone.now(), using=using)
    return render(request, "outreach/impact.html", {"form": form, "report": report})


def impact_csv_response(request, *, using: ImpactSources):
    form = ImpactFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    report = impact_report(filters=form.filters(), now=timezone.now(), using=using)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="impact.csv"'
    impact_csv_write(report, response)
    return response


@coordinator_required
def impact(request):
    return impact_page(request, using=ImpactSources())


@coordinator_required
def impact_csv(request):
    return impact_csv_response(request, using=ImpactSources())

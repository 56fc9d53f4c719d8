"""The dashboard's numbers as CSV: one row a figure (section, figure, month, value), the
same report the page shows, so the same figures are withheld."""

import csv

from django.utils.translation import gettext as _

from events.exports import spreadsheet_cell
from outreach.impact.attendance import Attendance
from outreach.impact.report import ImpactReport


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return spreadsheet_cell(value)


def _attendance_rows(figures: Attendance) -> list[tuple[str, object]]:
    return [
        (_("Talks held"), figures.talks),
        (_("RSVPs (confirmed)"), figures.rsvps),
        (_("People confirmed"), figures.people_confirmed),
        (_("People checked in"), figures.people_checked_in),
        (_("Walk-ins"), figures.walk_ins),
        (_("Talks that used check-in"), figures.talks_with_check_in),
        (_("No-show rate"), figures.no_show_rate),
        (_("People who never got a seat"), figures.never_seated),
    ]


def _outreach_rows(report: ImpactReport) -> list[tuple[str, str, object]]:
    missing = _("not available")
    requests, subscribers, feedback = report.requests, report.subscribers, report.feedback
    rows = [
        (_("Talk requests"), _("Received"), requests.received if requests else missing),
        (_("Talk requests"), _("Scheduled"), requests.scheduled if requests else missing),
        (_("Talk requests"), _("Declined"), requests.declined if requests else missing),
        (_("Subscribers"), _("Receiving"), subscribers.receiving if subscribers else missing),
        (
            _("Subscribers"),
            _("Confirmed in the dates"),
            subscribers.confirmed_in_dates if subscribers else missing,
        ),
    ]
    if feedback is None:
        return [*rows, (_("Feedback"), _("Responses"), missing)]
    rows += [
        (_("Feedback"), _("Responses"), feedback.responses),
        (_("Feedback"), _("Response rate"), feedback.response_rate),
        (_("Feedback"), _("Mean clarity"), feedback.mean_clarity),
        (_("Feedback"), _("Mean usefulness"), feedback.mean_usefulness),
    ]
    for item in feedback.items:
        rows += [
            (item.item, _("Responses"), item.responses),
            (item.item, _("Mean before"), item.mean_before),
            (item.item, _("Mean now"), item.mean_now),
            (item.item, _("Mean shift"), item.mean_shift),
        ]
    return rows


def impact_csv_write(report: ImpactReport, out) -> None:
    writer = csv.writer(out)
    writer.writerow([_("Section"), _("Figure"), _("Month"), _("Value")])
    for name, value in report.scope.filters.query().items():
        writer.writerow([_("Filter"), name, "", _cell(value)])
    for figure, value in _attendance_rows(report.attendance.total):
        writer.writerow([_("Attendance"), figure, "", _cell(value)])
    for month in report.attendance.months:
        for figure, value in _attendance_rows(month):
            writer.writerow([_("Attendance"), figure, month.month.strftime("%Y-%m"), _cell(value)])
    for section, figure, value in _outreach_rows(report):
        writer.writerow([_cell(section), figure, "", _cell(value)])

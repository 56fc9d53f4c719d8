from django.urls import path

from events.views import coordinator_programme
from outreach.views import partners

urlpatterns = [
    path("partners/", partners.partner_list, name="partner_list"),
    path("partners/<slug:slug>/", partners.partner_detail, name="partner_detail"),
    path("partners/<slug:slug>/calendar.ics", partners.calendar_partner, name="calendar_partner"),
    path(
        "coordinate/talks/<int:pk>/co-hosts/",
        partners.talk_cohosts,
        name="coordinator_talk_cohosts",
    ),
]

# The coordinator's partner pages are events' programme pages, with partners as a kind.
_kind = {"kind": partners.PARTNERS}
urlpatterns += [
    path(
        "coordinate/partners/",
        coordinator_programme.programme_list,
        _kind,
        name="coordinator_partner_list",
    ),
    path(
        "coordinate/partners/new/",
        coordinator_programme.programme_create,
        _kind,
        name="coordinator_partner_create",
    ),
    path(
        "coordinate/partners/<int:pk>/",
        coordinator_programme.programme_edit,
        _kind,
        name="coordinator_partner_edit",
    ),
    path(
        "coordinate/partners/<int:pk>/delete/",
        coordinator_programme.programme_delete,
        _kind,
        name="coordinator_partner_delete",
    ),
]

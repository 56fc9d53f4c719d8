"""Partner organisations: the public partners page, a partner's page and feed, and the
coordinator's pages (the list, new and edit pages are events' programme pages, with
partners as one more kind; a talk's co-hosts have their own page here)."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from events.models import Talk
from events.page_cache import SCHEDULE, SEATS, Page, render_shared
from events.paging import list_page
from events.permissions import coordinator_required
from events.sharing import share_of
from events.versions import longest_listed_talk, next_talk_end
from events.views.catalogue import talks_of_page
from events.views.coordinator import detail_url
from events.views.coordinator_programme import Kind
from events.views.feeds import part_of_schedule_feed
from outreach.forms.partners import CoHostsForm, PartnerForm
from outreach.models import Partner
from outreach.selectors.partners import partner_shown, partners_shown, talks_by_partner
from outreach.services import partners as partner_services

PARTNERS_PER_PAGE = 20
UPCOMING_SHOWN = 3  # of each partner's talks, on the partners page

PARTNERS = Kind(
    "partner",
    Partner,
    PartnerForm,
    gettext_lazy("Partners"),
    gettext_lazy("New partner"),
    gettext_lazy("Edit partner"),
    gettext_lazy("The partner is saved."),
    gettext_lazy("The partner is deleted."),
    services=partner_services,
)


def partner_feed(partner: Partner) -> tuple[str, str]:
    return reverse("calendar_partner", kwargs={"slug": partner.slug}), partner.name


def partner_list(request):
    """Active partners, a page of them at a time, each with its next few talks."""

    def build() -> Page:
        now = timezone.now()
        page = list_page(partners_shown(), request.GET.get("page"), PARTNERS_PER_PAGE)
        if page.has_previous and not page.object_list:
            raise Http404(_("There is no such page of partners."))
        upcoming = Talk.objects.upcoming(now, longest=longest_listed_talk())
        talks = talks_by_partner(page.object_list, upcoming)
        shown = [(partner, talks.get(partner.pk, [])) for partner in page.object_list]
        context = {"page": page, "partners": shown, "upcoming_shown": UPCOMING_SHOWN}
        context["share"] = share_of(
            title=_("Our partners"),
            description=_("Community organisations that co-host our talks."),
            path=request.path,
        )
        return Page("outreach/partner_list.html", context, valid_until=next_talk_end(now))

    return render_shared(request, build, depends_on=(SCHEDULE,))


def partner_detail(request, slug):
    def build() -> Page:
        partner = partner_shown(slug)
        if partner is None:
            raise Http404
        about = partner.description or _("Free public talks co-hosted with %(partner)s.") % {
            "partner": partner.name
        }
        share = share_of(title=partner.name, description=about, path=request.path)
        context = {"partner": partner, "about": about, "share": share}
        return talks_of_page(
            request,
            Q(partners=partner),
            template="outreach/partner_detail.html",
            context=context,
            feed=partner_feed(partner),
        )

    return render_shared(request, build, depends_on=(SCHEDULE, SEATS))


@require_safe
def calendar_partner(request, slug):
    """A partner's feed, to put on its own website: the talks it co-hosts."""
    partner = partner_shown(slug)
    if partner is None:
        raise Http404
    return part_of_schedule_feed(
        request,
        only={"partners": partner},
        part=partner.name,
        description=_("Free public talks co-hosted with %(partner)s.") % {"partner": partner.name},
    )


@coordinator_required
def talk_cohosts(request, pk):
    talk = get_object_or_404(Talk, pk=pk)
    initial = {"partners": list(Partner.objects.filter(cohostings__talk=talk))}
    form = CoHostsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        partner_services.talk_cohosts_set(
            talk=talk, partners=form.cleaned_data["partners"], by=request.user
        )
        messages.success(request, _("The co-hosts are saved."))
        return redirect(detail_url(talk))
    status = 400 if form.errors else 200
    context = {"talk": talk, "form": form, "has_partners": Partner.objects.exists()}
    return render(request, "outreach/coordinator/talk_cohosts.html", context, status=status)

"""Reads of partners and the talks they co-host, named for what they return."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from events.hooks import CoHost, TalkLink
from events.models import Talk
from outreach.models import CoHosting, Partner


def partners_shown():
    """Partners the public sees: the active ones, by name."""
    return Partner.objects.filter(active=True).order_by("name", "pk")


def partner_shown(slug: str) -> Partner | None:
    return partners_shown().filter(slug=slug).first()


def cohosts_by_talk(talk_ids) -> dict[int, list[CoHost]]:
    """Active partners co-hosting each of these talks, by name, in one query: the answer
    to events.hooks.talk_cohosts."""
    rows = (
        CoHosting.objects.filter(talk_id__in=talk_ids, partner__active=True)
        .order_by("partner__name", "partner_id")
        .values_list("talk_id", "partner__name", "partner__slug")
    )
    found: dict[int, list[CoHost]] = {}
    for talk_id, name, slug in rows:
        url = reverse("partner_detail", kwargs={"slug": slug})
        found.setdefault(talk_id, []).append(CoHost(name=name, url=url))
    return found


def talk_cohost_links(talk: Talk) -> list[TalkLink]:
    """The link from a talk's coordinator page to its co-hosts page (no query)."""
    url = reverse("coordinator_talk_cohosts", kwargs={"pk": talk.pk})
    return [TalkLink(label=_("Co-hosts"), url=url)]


def talks_by_partner(partners: list[Partner], talks) -> dict[int, list[Talk]]:
    """Each partner's talks among `talks`, in their order, in one query."""
    rows = talks.filter(cohostings__partner__in=partners).annotate(
        cohost_id=F("cohostings__partner_id")
    )
    found: dict[int, list[Talk]] = {}
    for talk in rows:
        found.setdefault(talk.cohost_id, []).append(talk)
    return found

"""What coordinators do to partner organisations and to the talks they co-host.

Every write raises the schedule's version in its own transaction: talk pages, the
partners' pages and the feeds show partners (events/page_cache.py keeps them by it).
A change a talk's calendar entry shows (its co-hosts, a co-host's name, a partner
hidden) marks those talks changed through events' services.
"""

from django.db import transaction
from django.utils.translation import ngettext

from events import services as events_services
from events.locking import locked_talk
from events.models import Talk
from events.services.programme import stored_file_replaced
from outreach.models import CoHosting, Partner

# What a talk's calendar entry shows of its co-hosts: changing these touches the talks.
SHOWN_IN_CALENDARS = ("name", "active")


def _written(partner: Partner, fields: dict) -> Partner:
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_create(*, name: str, slug: str, **fields) -> Partner:
    """A new partner; `fields` are any of the model's other editable fields."""
    partner = _written(Partner(), {"name": name, "slug": slug, **fields})
    events_services.schedule_version_bump()
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, **fields) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    old_logo = partner.logo.name if partner.logo else ""
    shown_before = [getattr(partner, name) for name in SHOWN_IN_CALENDARS]
    partner = _written(partner, fields)
    stored_file_replaced(old_logo, partner.logo)
    if shown_before != [getattr(partner, name) for name in SHOWN_IN_CALENDARS]:
        events_services.talks_calendar_touch(talks=Talk.objects.filter(partners=partner))
    else:
        events_services.schedule_version_bump()
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner) -> None:
    """Only a partner that co-hosts no talk: hiding one (`active`) keeps its history."""
    count = partner.cohostings.count()
    if count:
        raise events_services.ProgrammeInUse(
            ngettext(
                "This partner is not deleted: it co-hosts a talk. Take it off that talk, "
                "or hide the partner from the site instead.",
                "This partner is not deleted: it co-hosts %(count)d talks. Take it off "
                "them, or hide the partner from the site instead.",
                count,
            )
            % {"count": count}
        )
    logo = partner.logo.name if partner.logo else ""
    storage = partner.logo.storage
    partner.delete()
    events_services.schedule_version_bump()
    if logo:
        transaction.on_commit(lambda: storage.delete(logo))


def talk_cohosts_set(*, talk: Talk, partners, by) -> None:
    """The talk is co-hosted by exactly these partners. Under the talk's lock, so two
    coordinators saving at once leave one whole list, not a mix; nothing is written (or
    logged) when the list does not change."""
    with locked_talk(talk.pk) as locked:
        wanted = {partner.pk: partner for partner in partners}
        before = list(Partner.objects.filter(cohostings__talk=locked).order_by("name", "pk"))
        if {partner.pk for partner in before} == set(wanted):
            return
        CoHosting.objects.filter(talk=locked).exclude(partner_id__in=wanted).delete()
        held = {partner.pk for partner in before}
        CoHosting.objects.bulk_create(
            [CoHosting(talk=locked, partner_id=pk) for pk in wanted if pk not in held]
        )
        after = sorted(wanted.values(), key=lambda partner: (partner.name, partner.pk))
        events_services.talk_cohosts_record(
            talk=locked,
            by=by,
            old=[partner.name for partner in before],
            new=[partner.name for partner in after],
        )

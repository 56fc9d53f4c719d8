"""How the site presents itself: the organisation's name, logo, accent colour, a line on
who it is, a contact address and a crisis-line notice.

Every page's header and footer show it, so it is read from the shared cache ("pages",
beside the kept pages), never from the database once it is there: a cold cache costs
one query, then none until it expires or the branding changes. A change is written and
the cached copy dropped at once and again after the commit (so a reader between the two
cannot keep the old one); the caller raises the schedule's version so that the pages
kept with the old branding are rebuilt (events.services.branding).
"""

import contextlib
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from redis.exceptions import RedisError

from notifications.models import SiteBranding

CACHE_KEY = "site-branding"
# What a cache that cannot be reached raises (Redis), or a lost connection.
CACHE_DOWN = (RedisError, OSError)


@dataclass(frozen=True)
class Branding:
    """The branding as pages and emails show it, the defaults filled in."""

    # The name a coordinator gave (empty: none, the site's name stands).
    own_name: str
    logo_url: str
    accent: str
    about: str
    contact_email: str
    # The notice's text when it is switched on for every page; empty otherwise.
    crisis_notice: str

    @property
    def name(self) -> str:
        return self.own_name or settings.SITE_NAME

    @property
    def stylesheet_version(self) -> str:
        """Changes with the accent: the stylesheet's address carries it, so a browser
        that keeps the old one for a year still asks for the new one at once."""
        return hashlib.sha256(self.accent.encode()).hexdigest()[:12]


def branding_row() -> SiteBranding:
    """The saved row, or the defaults while none is saved. A read never writes."""
    return SiteBranding.objects.filter(pk=1).first() or SiteBranding(pk=1)


def branding_of(row: SiteBranding) -> Branding:
    return Branding(
        own_name=row.organisation_name,
        logo_url=row.logo.url if row.logo else "",
        accent=row.accent_colour,
        about=row.about,
        contact_email=row.contact_email,
        crisis_notice=row.crisis_notice if row.crisis_notice_everywhere else "",
    )


def branding_current() -> Branding:
    """The branding, from the cache (read from the database and kept there if missing)."""
    pages = caches["pages"]
    try:
        kept = pages.get(CACHE_KEY)
    except CACHE_DOWN:
        return branding_of(branding_row())
    if kept is None:
        kept = branding_of(branding_row())
        with contextlib.suppress(*CACHE_DOWN):
            pages.set(CACHE_KEY, kept)
    return kept


def _forget_kept() -> None:
    with contextlib.suppress(*CACHE_DOWN):
        caches["pages"].delete(CACHE_KEY)


def branding_update(**fields) -> SiteBranding:
    """Save the fields given; call in the transaction that raises the schedule's version."""
    row = branding_row()
    old_logo = row.logo.name if row.logo else ""
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    if old_logo and row.logo.name != old_logo:
        storage = row.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    _forget_kept()
    transaction.on_commit(_forget_kept)
    return row

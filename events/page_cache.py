"""Public pages as anonymous visitors see them, rendered once and served from the cache
without touching the database.

A page is kept under a key made of the address, the language and what the view names
(what this visitor's session says), together with the versions of the data it was
built from: "schedule" (raised with every change to a talk, venue, topic, series or
speaker) and "seats" (raised when any talk's seat counters move; each talk's own page
reads its own). The versions live in
the same cache as the pages, so one read fetches the page and the versions as they are
now, and the page is current when they match. Time moves pages too (a talk ends, RSVPs
close), so each page is kept with the moment it stops being true.

A version is raised as soon as the change is written and again once it commits: a
visitor who read the first raise before the commit may have been given the data as it
was; the second raise retires that page.

Only anonymous visitors with nothing personal to show share pages: a member sees their
own RSVP, and a flash message is meant for one person. The CSRF token of the page's
forms is the one thing that differs between visitors, so a page is kept with a
placeholder and each response gets its visitor's own token.

Without a shared cache (CACHE_URL unset) each process keeps its own pages and versions:
a change made in another process (the worker seating a waitlist) reaches this one's
pages only when they expire, which is why they expire sooner there (config/settings.py).
"""

import contextlib
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from redis.exceptions import RedisError

from events.paging import MAX_PAGE

SCHEDULE, SEATS = "schedule", "seats"


def seats_of(slug: str) -> str:
    """The version of one talk's seat counters: its own page depends on these alone, so
    an RSVP elsewhere leaves it kept (the lists depend on SEATS, every talk's). Named by
    a digest: an address's slug can be as long as a visitor makes it."""
    return "seats:" + hashlib.sha256(slug.encode()).hexdigest()[:32]


# Starts every page's own placeholder for its visitor's CSRF token: not a token Django
# could make (those are 64 letters and digits).
CSRF_PLACEHOLDER = "csrf-token-of-this-visitor-"
# What a cache that cannot be reached raises (Redis), or a lost connection.
CACHE_DOWN = (RedisError, OSError)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """What a view renders: a template, its context, and until when it holds."""

    template: str
    context: dict
    valid_until: datetime | None = None


# A version outlives every page built from it; one that expires (or is evicted) comes
# back as a new random number, which only retires the pages built from the old one.
VERSION_TIMEOUT = 60 * 60 * 24


def _version_key(name: str) -> str:
    return f"version:{name}"


def _raise_now(names: tuple[str, ...]) -> None:
    pages = caches["pages"]
    try:
        for name in names:
            # Not kept: no page can be current without it, and the next one built makes it.
            with contextlib.suppress(ValueError):
                pages.incr(_version_key(name))
    except CACHE_DOWN:
        logger.warning("Kept pages could not hear of a change: the cache is down.")


def page_versions_raise(*names: str) -> None:
    """Call in the transaction that changes what pages of these versions show."""
    _raise_now(names)
    transaction.on_commit(lambda: _raise_now(names))


def _kept_and_versions(key: str, names: tuple[str, ...]) -> tuple:
    """The kept page under `key` (or None) and the current versions, in one read; a
    version not kept yet is None."""
    keys = [_version_key(name) for name in names]
    found = caches["pages"].get_many([key, *keys])
    return found.get(key), tuple(found.get(version) for version in keys)


def _versions_made(names: tuple[str, ...], versions: tuple) -> tuple[tuple, list[str]]:
    """The versions, any not kept yet made now, before the page is built from the data
    (so a change written meanwhile raises it), and the keys this call made."""
    pages = caches["pages"]
    made, new = [], []
    for name, version in zip(names, versions, strict=True):
        if version is None:
            if pages.add(_version_key(name), secrets.randbits(48), timeout=VERSION_TIMEOUT):
                new.append(_version_key(name))
            version = pages.get(_version_key(name))  # another process may have made it
        made.append(version)
    return tuple(made), new


# The query strings a kept page may have, as they come: none, or "page=2" to the last.
PLAIN_QUERIES = {"", *(f"page={number}" for number in range(2, MAX_PAGE + 1))}


def _plain_address(request) -> bool:
    """No query, or only a page number: the addresses a page may be kept under are so
    few that nobody can fill the cache by making up new ones (a filtered list is
    rendered each time), and no made-up query string is ever shown to someone else."""
    return request.META.get("QUERY_STRING", "") in PLAIN_QUERIES


def _is_shared(request) -> bool:
    """Whether this visitor sees what every anonymous visitor sees."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    if not _plain_address(request):
        return False
    return len(messages.get_messages(request)) == 0


def _key(kind: str, parts) -> str:
    return f"{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _page_key(request, key_parts) -> str:
    parts = (
        request.scheme,
        request.get_host(),  # one of ALLOWED_HOSTS: links built from the request differ
        request.get_full_path(),
        translation.get_language(),
        settings.SITE_NAME,
        settings.SITE_URL,
        key_parts,
    )
    return _key("page", parts)


def _is_current(kept, versions: tuple) -> bool:
    if kept is None or None in versions:
        return False
    built_from, valid_until, _value = kept
    return built_from == versions and (valid_until is None or timezone.now() < valid_until)


def render_shared(
    request, build: Callable[[], Page], *, depends_on: tuple[str, ...], key_parts=()
) -> HttpResponse:
    """The page `build` makes, from the cache where every anonymous visitor shares it.

    `build` runs only when the page must be rendered (it may raise Http404, which is not
    kept); `key_parts` must name whatever else the page shows that neither the address,
    the language nor the versions in `depends_on` cover.
    """
    if not _is_shared(request):
        page = build()
        return render(request, page.template, page.context)

    def rendered() -> tuple[tuple[str, str], datetime | None]:
        page = build()
        # A new placeholder each time, kept with the page: no text on it (a talk's
        # description, say) can know it and be given a visitor's token.
        placeholder = CSRF_PLACEHOLDER + secrets.token_hex(16)
        context = {**page.context, "csrf_token": placeholder}
        html = render_to_string(page.template, context, request=request)
        return (placeholder, html), page.valid_until

    placeholder, html = kept_or_built(_page_key(request, key_parts), depends_on, rendered)
    return HttpResponse(html.replace(placeholder, get_token(request)))


def kept_or_built(
    key: str, depends_on: tuple[str, ...], build: Callable[[], tuple[object, datetime | None]]
):
    """The value kept under `key` while the versions it was built from are current and
    its moment has not passed; else what `build` returns (value, valid until), kept.

    `build` may raise (Http404): then nothing is kept, not even a version. Without the
    cache (it is down) every request builds, as if nothing were kept.
    """
    try:
        kept, versions = _kept_and_versions(key, depends_on)
    except CACHE_DOWN:
        logger.warning("Kept pages are not served: the cache is down.")
        return build()[0]
    if _is_current(kept, versions):
        return kept[2]
    versions, made = _versions_made(depends_on, versions)
    try:
        value, valid_until = build()
    except Exception:
        caches["pages"].delete_many(made)  # a page that does not exist makes no keys
        raise
    caches["pages"].set(key, (versions, valid_until, value))
    return value


def kept_feed_validators(parts, build: Callable[[], tuple[object, datetime | None]]):
    """A public feed's validators, kept like a page: a poll that finds nothing new is
    answered from one cache read."""
    return kept_or_built(_key("feed", parts), (SCHEDULE,), build)

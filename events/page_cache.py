"""Public pages as anonymous visitors see them, rendered once and served from a cache.

Rendering a list of talks costs far more than finding out whether anything on it
changed, so a page is kept under a key made of what it shows: the schedule's version
(raised with every change to a talk, venue, topic, series or speaker), the talks on it
with their seat counters, and whatever else the view names (the language, the address,
what this visitor's session says). A page never changes under its key; a change makes a
new key and the old page expires unused.

Only anonymous visitors with nothing personal to show get a cached page: a member sees
their own RSVP, and a pending flash message is meant for one person. The CSRF token of
the page's forms is the one thing that differs between visitors, so the page is kept
with a placeholder and each response gets its visitor's own token.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

# Not a token Django could make (those are 64 letters and digits): it cannot collide.
CSRF_PLACEHOLDER = "csrf-token-of-this-visitor"


def _is_shared(request) -> bool:
    """Whether this visitor sees what every anonymous visitor sees."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _key(request, template: str, key_parts) -> str:
    parts = (
        template,
        request.get_full_path(),
        translation.get_language(),
        settings.SITE_NAME,
        settings.SITE_URL,
        key_parts,
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def render_shared(request, template: str, *, key_parts, context) -> HttpResponse:
    """`render(request, template, context())`, from the cache where the page is one
    every anonymous visitor shares. `key_parts` must change whenever the page would:
    anything it shows that the schedule's version does not already cover."""
    if not _is_shared(request):
        return render(request, template, context())
    pages = caches["pages"]
    key = _key(request, template, key_parts)
    page = pages.get(key)
    if page is None:
        page = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        pages.set(key, page)
    return HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))

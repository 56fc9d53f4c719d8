"""The HTTP edge of calendars: headers that every calendar app accepts."""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response

from events.feeds import last_modified_header

CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, max-age=0, must-revalidate"


def _validated(response, etag: str, last_modified, private: bool):
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = last_modified_header(last_modified)
    response["Cache-Control"] = PRIVATE_CACHE if private else PUBLIC_CACHE
    return response


def not_modified_or_none(request, *, etag: str, last_modified, private: bool):
    """A 304 when the client's copy is current (If-None-Match / If-Modified-Since)."""
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified and int(last_modified.timestamp())
    )
    if isinstance(answer, HttpResponseNotModified):
        return _validated(answer, etag, last_modified, private)
    return None


def calendar_response(
    body: bytes, *, etag: str, last_modified, private: bool = False, filename: str | None = None
) -> HttpResponse:
    """Inline by default: `Content-Disposition: attachment` breaks Google's subscriptions."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _validated(response, etag, last_modified, private)

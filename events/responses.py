"""The HTTP edge of calendars: headers that every calendar app accepts."""

import re

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers

from events.feeds import last_modified_header

CONTENT_TYPE = "text/calendar; charset=utf-8"
PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, max-age=0, must-revalidate"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request) -> bool:
    return bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def gzip_etag(etag: str) -> str:
    """The gzipped feed is other bytes, so it has its own strong ETag (as Apache does)."""
    return etag[:-1] + '-gzip"'


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
    body: bytes,
    *,
    etag: str,
    last_modified,
    private: bool = False,
    filename: str | None = None,
    gzipped: bool = False,
) -> HttpResponse:
    """Inline by default: `Content-Disposition: attachment` breaks Google's subscriptions."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if gzipped:
        response["Content-Encoding"] = "gzip"
    return _validated(response, etag, last_modified, private)


def vary_on_encoding(response):
    """A feed is sent gzipped or not by the request's Accept-Encoding."""
    patch_vary_headers(response, ["Accept-Encoding"])
    return response

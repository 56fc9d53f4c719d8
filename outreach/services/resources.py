"""Reading to take home: what coordinators do to the resources, what the topic and talk
pages and the thank-you emails show of them, and the monthly check of their links.

Each write raises the schedule's version in its own transaction: the topic and talk
pages, kept in the shared cache (events/page_cache.py), show the resources. The link
check does not: the pages show a resource whatever its link last answered (one failed
check of a good guide should not hide it for a month); a broken link is for a
coordinator to fix, and the dashboard says so.
"""

import http.client
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.hooks import DashboardLink, TopicResource
from events.models import Topic
from events.services.schedule import schedule_version_bump
from outreach.models import Resource
from outreach.models.resources import LINK_SCHEMES

CHECK_TIMEOUT = 5.0  # seconds a link has to answer
MAX_REDIRECTS = 5
# A link checked less than this long ago is left alone: the monthly run finds every link
# due, and a second run the same day (or at the same time) checks none of them again.
RECHECK_AFTER = timedelta(days=25)
USER_AGENT = "CommunityTalksLinkCheck/1.0"


@transaction.atomic
def resource_create(
    *,
    title: str,
    source: str,
    link: str,
    summary: str,
    kind: str,
    reviewed_on: date,
    topics: Iterable[Topic],
) -> Resource:
    resource = Resource(
        title=title, source=source, link=link, summary=summary, kind=kind, reviewed_on=reviewed_on
    )
    resource.full_clean()
    resource.save()
    resource.topics.set(topics)
    schedule_version_bump()
    return resource


@transaction.atomic
def resource_update(
    *, resource: Resource, topics: Iterable[Topic] | None = None, **fields
) -> Resource:
    """A new link has not been checked yet: what was found of the old one is forgotten."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if "link" in fields and fields["link"] != resource.link:
        resource.link_checked_at, resource.link_status, resource.link_broken = None, None, False
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.full_clean()
    resource.save()
    if topics is not None:
        resource.topics.set(topics)
    schedule_version_bump()
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource) -> None:
    resource.delete()
    schedule_version_bump()


def topic_resources(*, topic_ids: list[int]) -> list[TopicResource]:
    """The resources of any of `topic_ids`, each once, by title: one query."""
    found = Resource.objects.filter(topics__in=topic_ids).distinct().order_by("title", "pk")
    return [
        TopicResource(
            title=resource.title,
            source=resource.source,
            link=resource.link,
            summary=resource.summary,
            kind=resource.get_kind_display(),
            reviewed_on=resource.reviewed_on,
        )
        for resource in found
    ]


def resources_dashboard_links() -> list[DashboardLink]:
    """The coordinator dashboard's link to the resources, warning of broken links."""
    broken = Resource.objects.filter(link_broken=True).count()
    warning = ""
    if broken:
        warning = ngettext(
            "A resource's link looks broken.",
            "%(count)d resources' links look broken.",
            broken,
        ) % {"count": broken}
    url = reverse("coordinator_resource_list")
    return [
        DashboardLink(
            label=_("Reading to take home"),
            url=url,
            warning=warning,
            warning_url=f"{url}?broken=1",
        )
    ]


class _FewRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS only (no file:, ftp: or data: handlers, even after a redirect)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _FewRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def link_status(link: str, *, timeout: float = CHECK_TIMEOUT) -> int | None:
    """The HTTP status `link` answers with, redirects followed (at most MAX_REDIRECTS):
    to a HEAD, or to a GET when HEAD is not allowed (405; its body is not read). None
    when nothing answers within `timeout` seconds."""
    if urlsplit(link).scheme not in LINK_SCHEMES:
        return None
    opener = _opener()
    for method in ("HEAD", "GET"):
        # The scheme is checked above, and the opener has no handler but HTTP(S).
        headers = {"User-Agent": USER_AGENT}
        request = urllib.request.Request(link, method=method, headers=headers)  # noqa: S310
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            if not (error.code == 405 and method == "HEAD"):
                return error.code
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError):
            return None
    return None


def link_is_broken(status: int | None) -> bool:
    """Anything but a success: an error, no answer, or still redirecting at the limit."""
    return status is None or not 200 <= status < 300


def resources_check_links(*, now: datetime, timeout: float = CHECK_TIMEOUT) -> int:
    """Check each link not checked since RECHECK_AFTER and record what it answered.

    Each resource is claimed by a conditional UPDATE before its request, so a second run
    finds nothing to do; the result is kept only if the link is still the one checked
    (a coordinator may have changed it meanwhile). Returns how many were checked.
    """
    due = Q(link_checked_at=None) | Q(link_checked_at__lte=now - RECHECK_AFTER)
    checked = 0
    for pk, link in Resource.objects.filter(due).order_by("pk").values_list("pk", "link"):
        if not Resource.objects.filter(due, pk=pk, link=link).update(link_checked_at=now):
            continue
        status = link_status(link, timeout=timeout)
        Resource.objects.filter(pk=pk, link=link).update(
            link_status=status, link_broken=link_is_broken(status)
        )
        checked += 1
    return checked

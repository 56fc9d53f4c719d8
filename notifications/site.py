"""The site's public address, for links in emails and calendar feeds."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(path: str) -> str:
    """`path` as a full URL on the public site (`SITE_URL`)."""
    return settings.SITE_URL + path


def site_domain() -> str:
    """The public host name, e.g. for Message-IDs and calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"

"""What a shared link previews: the meta description and the Open Graph and Twitter
card tags of a public page (templates/events/_share_meta.html)."""

from dataclasses import dataclass

from notifications.site import absolute


@dataclass(frozen=True)
class Share:
    title: str
    description: str
    url: str
    kind: str = "website"


def share_of(*, title: str, description: str, path: str, kind: str = "website") -> Share:
    """`path` on the public site (SITE_URL): a preview names the site's own address."""
    return Share(title=title, description=description, url=absolute(path), kind=kind)

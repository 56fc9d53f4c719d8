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
    # A full URL: previews fetch the image from elsewhere. Empty: a card without one.
    image_url: str = ""


def share_of(
    *, title: str, description: str, path: str, kind: str = "website", image_path: str = ""
) -> Share:
    """`path` (and `image_path`) on the public site (SITE_URL): a preview names the
    site's own address."""
    image_url = absolute(image_path) if image_path else ""
    return Share(
        title=title, description=description, url=absolute(path), kind=kind, image_url=image_url
    )

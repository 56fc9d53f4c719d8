from django.conf import settings

from notifications.branding import branding_current


def site(request):
    """The site's name and branding for every page: from the cache, no query (a kept
    page is not rendered at all)."""
    branding = branding_current()
    return {"site_name": branding.name, "site_url": settings.SITE_URL, "branding": branding}

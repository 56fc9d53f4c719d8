"""The site's branding, as a coordinator changes it: every page shows it (the header's
name and logo, the footer, the crisis-line notice, the accent colour), so the schedule's
version rises with it and the kept pages are built again."""

from django.db import transaction

from events.services.schedule import schedule_version_bump
from notifications.branding import branding_update
from notifications.models import SiteBranding


@transaction.atomic
def branding_change(
    *,
    organisation_name: str,
    logo,
    accent_colour: str,
    about: str,
    contact_email: str,
    crisis_notice: str,
    crisis_notice_everywhere: bool,
) -> SiteBranding:
    """Save the branding; `logo` is a checked upload, the stored file, or "" for none."""
    row = branding_update(
        organisation_name=organisation_name,
        logo=logo,
        accent_colour=accent_colour,
        about=about,
        contact_email=contact_email,
        crisis_notice=crisis_notice,
        crisis_notice_everywhere=crisis_notice_everywhere,
    )
    schedule_version_bump()
    return row

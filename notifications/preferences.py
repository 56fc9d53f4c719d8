"""What a person wants from us, and the site's email settings a coordinator changes."""

from notifications.addresses import normalise_email
from notifications.models import EmailPreference, EmailSettings
from notifications.selectors import email_settings_current


def preference_update(*, email: str, **choices) -> EmailPreference:
    """Save what a person wants (reminders, announcements, discreet)."""
    preference, _created = EmailPreference.objects.update_or_create(
        email=normalise_email(email), defaults=choices
    )
    return preference


def preference_unsubscribe(*, email: str) -> EmailPreference:
    """One-click unsubscribe (RFC 8058): no more announcements. RSVP emails still go out."""
    return preference_update(email=email, announcements=False)


def email_settings_update(
    *, footer: str, discreet_by_default: bool, discreet_sender_name: str
) -> EmailSettings:
    site = email_settings_current()
    site.footer, site.discreet_by_default = footer, discreet_by_default
    site.discreet_sender_name = discreet_sender_name
    site.save()
    return site

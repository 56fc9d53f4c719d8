from notifications.addresses import normalise_email
from notifications.models import EmailPreference, EmailSettings


def email_settings_current() -> EmailSettings:
    """The site's email settings: the saved row, or the defaults while none is saved.

    A read never writes (a page that shows a form must not need the database's write
    lock); `email_settings_update` saves the row.
    """
    return EmailSettings.objects.filter(pk=1).first() or EmailSettings(pk=1)


def preference_for(email: str) -> EmailPreference:
    """The stored preference, or an unsaved one with the defaults."""
    email = normalise_email(email)
    return EmailPreference.objects.filter(email=email).first() or EmailPreference(email=email)


def preference_stored(email: str) -> EmailPreference:
    """The address's preferences, stored with their defaults if there were none."""
    return preferences_for([email])[normalise_email(email)]


def preferences_for(emails) -> dict[str, EmailPreference]:
    """Preferences for many addresses, each stored (defaults where new): two queries."""
    emails = {normalise_email(email) for email in emails}
    EmailPreference.objects.bulk_create(
        [EmailPreference(email=email) for email in emails], ignore_conflicts=True
    )
    return {p.email: p for p in EmailPreference.objects.filter(email__in=emails)}


def is_discreet(preference: EmailPreference, site: EmailSettings) -> bool:
    return site.discreet_by_default if preference.discreet is None else preference.discreet

from notifications.models import EmailPreference, EmailSettings


def email_settings_current() -> EmailSettings:
    settings_row, _created = EmailSettings.objects.get_or_create(pk=1)
    return settings_row


def preference_for(email: str) -> EmailPreference:
    """The stored preference, or an unsaved one with the defaults."""
    email = email.strip().lower()
    return EmailPreference.objects.filter(email=email).first() or EmailPreference(email=email)


def is_discreet(preference: EmailPreference, site: EmailSettings) -> bool:
    return site.discreet_by_default if preference.discreet is None else preference.discreet

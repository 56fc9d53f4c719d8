"""Links to a person's email preferences: they work without an account.

The link carries a random token stored with the preferences, never the address itself
(a signed value would still show the address to anyone who base64-decodes a URL).
"""

from notifications.models import EmailPreference


def email_from_token(token: str) -> str | None:
    preference = EmailPreference.objects.filter(token=token).only("email").first()
    return preference.email if preference else None

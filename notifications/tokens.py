"""Signed links to a person's email preferences: they work without an account."""

from django.core import signing

SALT = "notifications.preferences"


def preferences_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=SALT, compress=True)


def email_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None

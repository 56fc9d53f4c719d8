"""What notifications holds about one address: shown to the person, and forgotten."""

from notifications.addresses import normalise_email
from notifications.models import EmailPreference
from notifications.outbox import emails_for_address


def address_export(*, email: str) -> dict:
    """Everything notifications holds for one address, for the person to see and keep."""
    email = normalise_email(email)
    preference = EmailPreference.objects.filter(email=email).first()
    return {
        "email_preferences": preference
        and {
            "reminders": preference.reminders,
            "announcements": preference.announcements,
            "discreet": preference.discreet,
        },
        "emails": [
            {
                "kind": row.kind,
                "state": row.state,
                "due_at": row.due_at.isoformat(),
                "sent_at": row.sent_at and row.sent_at.isoformat(),
                "subject": row.subject,
            }
            for row in emails_for_address(email).order_by("due_at", "pk")
        ],
    }


def address_forget(*, email: str) -> int:
    """Delete every message (sent or pending) and the preferences of one address."""
    email = normalise_email(email)
    deleted, _per_model = emails_for_address(email).delete()
    preferences, _ = EmailPreference.objects.filter(email=email).delete()
    return deleted + preferences

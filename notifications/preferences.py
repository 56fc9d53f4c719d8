"""What a person wants from us, each choice kept with when and how it was made; and the
site's email settings a coordinator changes.

Reminders, announcements and contact from the clinic are separate choices: each changes
only when the person changes it, and none implies another. Every change is appended to
the address's consent history (`ConsentRecord`), which nothing rewrites.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from notifications.addresses import normalise_email
from notifications.models import ConsentRecord, EmailPreference, EmailSettings
from notifications.selectors import email_settings_current

CHOICES = frozenset(ConsentRecord.Choice.values)


def preference_update(
    *,
    email: str,
    how: str = ConsentRecord.How.UNSPECIFIED,
    now: datetime | None = None,
    affirmed: frozenset[str] = frozenset(),
    **choices: bool | None,
) -> EmailPreference:
    """Save the choices given (reminders, announcements, clinic_contact, discreet) and
    record each one whose value changes. A value that stays as it was is not recorded:
    a box left ticked is not a choice made now. `affirmed` names the choices the person
    has just made all the same (confirming a subscription to announcements, which are on
    by default): they are recorded even when the value stays."""
    unknown = set(choices) - CHOICES
    if unknown:
        raise TypeError(f"Not an email preference: {', '.join(sorted(unknown))}")
    email, now = normalise_email(email), now or timezone.now()
    with transaction.atomic():
        EmailPreference.objects.bulk_create([EmailPreference(email=email)], ignore_conflicts=True)
        preference = EmailPreference.objects.select_for_update().get(email=email)
        changed = {
            name: value for name, value in choices.items() if getattr(preference, name) != value
        }
        if changed:
            for name, value in changed.items():
                setattr(preference, name, value)
            preference.save(update_fields=[*changed, "updated_at"])
        recorded = {name: choices[name] for name in choices if name in changed or name in affirmed}
        ConsentRecord.objects.bulk_create(
            ConsentRecord(preference=preference, choice=name, value=value, at=now, how=how)
            for name, value in recorded.items()
        )
    return preference


def preference_unsubscribe(*, email: str, now: datetime | None = None) -> EmailPreference:
    """One-click unsubscribe (RFC 8058): no more announcements, and nothing else changes.
    RSVP emails still go out, and reminders and clinic contact stay as the person set them."""
    return preference_update(
        email=email, how=ConsentRecord.How.UNSUBSCRIBE, now=now, announcements=False
    )


def consent_latest(preference: EmailPreference) -> dict[str, ConsentRecord]:
    """The last record of each choice the address has made, by choice (none: never made)."""
    if preference.pk is None:
        return {}
    return {record.choice: record for record in preference.consent_records.order_by("at", "pk")}


def email_settings_update(
    *, footer: str, discreet_by_default: bool, discreet_sender_name: str
) -> EmailSettings:
    site = email_settings_current()
    site.footer, site.discreet_by_default = footer, discreet_by_default
    site.discreet_sender_name = discreet_sender_name
    site.save()
    return site

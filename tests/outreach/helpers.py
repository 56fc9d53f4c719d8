"""What the talk request tests share: a request form as a person sends it."""

from datetime import datetime, timedelta

from django.utils import timezone

from outreach.request_tokens import form_shown_stamp

# Long enough after the form was shown for any person to have filled it in.
FILLED_IN = timedelta(minutes=3)


def request_data(*, shown_at: datetime | None = None, **overrides) -> dict:
    shown_at = shown_at or timezone.now() - FILLED_IN
    data = {
        "organisation": "Riverside Veterans Circle",
        "contact_name": "Robin Ash",
        "contact_email": "robin@riverside.example.org",
        "audience": "Veterans and their partners",
        "audience_size": "25",
        "date_1": f"{timezone.now().year + 1}-03-12",
        "time_1": "18:30",
        "date_2": f"{timezone.now().year + 1}-03-19",
        "time_2": "",
        "date_3": "",
        "time_3": "",
        "format": "in_person",
        "address": "1 River Street, Denver, CO",
        "topics_other": "Cost and insurance",
        "accessibility_needs": "Step-free access",
        "language": "English",
        "message": "An evening suits us best.",
        "website": "",
        "shown": form_shown_stamp(now=shown_at),
    }
    return {**data, **overrides}

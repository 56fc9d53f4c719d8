"""Email backends.

`OutboxEmailBackend` is Django's EMAIL_BACKEND: it only writes outbox rows, so no
web request ever talks to an SMTP server. Workers deliver the rows through the
backend named in EMAIL_DELIVERY (SMTP, or `EmlFileBackend` for local use).
"""

import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from notifications.outbox import email_enqueue


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            email_enqueue(message=message)
        return len(email_messages)


class EmlFileBackend(BaseEmailBackend):
    """Write each message as its own .eml file, which any mail program opens."""

    def __init__(self, file_path=None, timeout=None, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(file_path or settings.MAIL_DIR)

    def send_messages(self, email_messages):
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
            final = self.folder / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
            partial = final.with_suffix(".part")
            partial.write_bytes(message.message().as_bytes())
            partial.rename(final)
        return len(email_messages)

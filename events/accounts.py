"""Accounts (django-allauth): how a person is named, and how account emails leave.

Account emails (address verification, password reset) are transactional: the person
asked for them. Like every email they are outbox rows, each with a key so the same
email is not queued twice; they name the site by its branding (not by the host a request
came to) and have a text and an HTML part (templates/account/email/). They have no
List-Unsubscribe header or preferences footer: those belong to talk emails.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy

from notifications.addresses import normalise_email
from notifications.branding import branding_current
from notifications.outbox import email_enqueue
from notifications.rendering import sender
from notifications.selectors import email_settings_current, is_discreet, preference_for
from notifications.site import site_domain

# The same account email to the same address within one such window is queued once:
# a double-clicked "Reset my password" sends one email (whose link works just as well).
DUPLICATE_WINDOW = timedelta(minutes=5)


def user_display(user) -> str:
    """How allauth names a person on pages and in emails: by email, never a username."""
    return user.email


@dataclass(frozen=True)
class PublicSite:
    """What allauth's templates call `current_site`: our name and public host."""

    name: str
    domain: str


def account_email_key(*, template: str, to: str, context: dict, now: datetime) -> str:
    """The outbox key of an account email: what it is, to whom (with its code, when it
    carries one: a new code is a new email) and in which DUPLICATE_WINDOW."""
    kind = template.rsplit("/", 1)[-1]
    person = f"{normalise_email(to)}|{context.get('code', '')}"
    digest = hashlib.sha256(person.encode()).hexdigest()[:32]
    window = int(now.timestamp() // DUPLICATE_WINDOW.total_seconds())
    return f"account:{kind}:{digest}:{window}"


def account_message_id(key: str) -> str:
    """One key, one Message-ID, on the site's domain; it tells nobody the address."""
    digest = salted_hmac("events.accounts.message_id", key).hexdigest()[:32]
    return f"<{digest}@{site_domain()}>"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": gettext_lazy(
            "That email address and password do not match an account. Check both, or "
            "choose a new password."
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed logins count per address *and* client address: five wrong passwords
        sent from elsewhere cannot lock a person (a coordinator, say) out of their
        account; only their own network's failures can. The client address is
        allauth's, which honours ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy."""
        login = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{login}|{self.get_client_ip(request)}"

    discreet = False  # for the email being built: see send_mail

    def format_email_subject(self, subject: str) -> str:
        """Subjects start with "[Site name] ", except in a discreet email."""
        return subject if self.discreet else super().format_email_subject(subject)

    def get_from_email(self) -> str:
        return sender(self.discreet, email_settings_current())

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account emails follow the address's discreet preference too: then neither the
        sender, the subject nor the text names the organisation."""
        key = account_email_key(
            template=template_prefix, to=email, context=context, now=timezone.now()
        )
        self.discreet = is_discreet(preference_for(email), email_settings_current())
        name = gettext("your account") if self.discreet else branding_current().name
        site = PublicSite(name=name, domain=site_domain())
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": self.request,
                "email": email,
                "current_site": site,
                "site_url": settings.SITE_URL,
                **context,
            },
            headers={"Message-ID": account_message_id(key), "Auto-Submitted": "auto-generated"},
        )
        email_enqueue(message=message, key=key)

"""Turning an outbox row into the email that leaves: templates, footer, headers, .ics.

Emails are template trios, `emails/<kind>_subject.txt`, `_body.txt` and `_body.html`,
rendered with the row's context plus what this person wants now (discreet mode) and
what the site says (footer). A discreet email gets the discreet calendar file, a neutral
footer and no site name; its templates show nothing that names the subject (`discreet`).
Nothing here tracks the reader: no pixels, no redirects.
"""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from notifications.models import EmailPreference, EmailSettings, OutgoingEmail
from notifications.selectors import email_settings_current, is_discreet
from notifications.site import absolute, site_domain

CALENDAR_MIMETYPE = "text/calendar"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def email_render(*, template: str, context: dict) -> RenderedEmail:
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    return RenderedEmail(
        subject=" ".join(subject.split()),
        text=render_to_string(f"emails/{template}_body.txt", context),
        html=render_to_string(f"emails/{template}_body.html", context),
    )


def calendar_method(ics: str) -> str:
    """The METHOD the calendar declares: the MIME part must say the same (Outlook checks)."""
    for line in ics.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper()
    return "PUBLISH"


class CalendarEmail(EmailMultiAlternatives):
    """An email whose text/calendar parts carry `method=` matching the calendar's METHOD."""

    def _create_mime_attachment(self, content, mimetype):
        if mimetype != CALENDAR_MIMETYPE:
            return super()._create_mime_attachment(content, mimetype)
        part = SafeMIMEText(content, "calendar", "utf-8")
        part.set_param("method", calendar_method(content))
        return part


def event_name(title: str, discreet: bool) -> str:
    """How a message names what it is about: in discreet mode, never by its title."""
    if discreet or not title:
        return gettext("your event")
    return f"“{title}”"


def message_id(outgoing: OutgoingEmail) -> str:
    """The row's Message-ID: the same on every attempt, so a resend after a crash between
    the server's "250" and marking the row is one message to the receiving system.

    On the site's domain; keyed with SECRET_KEY so it tells nobody how many we sent.
    """
    digest = salted_hmac("notifications.message_id", str(outgoing.pk)).hexdigest()[:32]
    return f"<{digest}@{site_domain()}>"


def person_links(preference: EmailPreference) -> dict:
    token = preference.token
    return {
        "preferences_url": absolute(reverse("email_preferences", kwargs={"token": token})),
        "unsubscribe_url": absolute(reverse("email_unsubscribe", kwargs={"token": token})),
    }


def footer(discreet: bool, site: EmailSettings) -> str:
    """The site's footer, or in discreet mode a neutral one: the site's may name the
    organisation or a support line, which would say what the email is about."""
    if not discreet:
        return site.footer
    return gettext(
        "You get this email because of an RSVP made with this address. It is discreet: it "
        "does not say what the event is, where it is, or who runs it."
    )


def sender(discreet: bool, site: EmailSettings) -> str:
    if not discreet:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((site.discreet_sender_name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def email_build(
    outgoing: OutgoingEmail, preference: EmailPreference, site: EmailSettings
) -> EmailMultiAlternatives:
    """The email that leaves for one row, in the row's language (the site's if none)."""
    with translation.override(outgoing.language or settings.LANGUAGE_CODE):
        return _email_build(outgoing, preference, site)


def _email_build(
    outgoing: OutgoingEmail, preference: EmailPreference, site: EmailSettings
) -> EmailMultiAlternatives:
    discreet = outgoing.discreet or is_discreet(preference, site)
    links = person_links(preference)
    context = {
        **outgoing.context,
        **links,
        "discreet": discreet,
        "event_name": event_name(outgoing.subject_name, discreet),
        "footer": footer(discreet, site),
        "site_name": "" if discreet else settings.SITE_NAME,
    }
    rendered = email_render(template=outgoing.kind, context=context)
    message = CalendarEmail(
        subject=rendered.subject,
        body=rendered.text,
        from_email=sender(discreet, site),
        to=[outgoing.recipient],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Message-ID": message_id(outgoing),
        },
    )
    message.attach_alternative(rendered.html, "text/html")
    ics = outgoing.discreet_ics if discreet else outgoing.ics
    if ics:
        message.attach_alternative(ics, CALENDAR_MIMETYPE)
        message.attach("event.ics", ics, CALENDAR_MIMETYPE)
    return message


def email_preview(
    *, kind: str, context: dict, subject_name: str, language: str, discreet: bool
) -> RenderedEmail:
    """How a message of `kind` reads for a made-up recipient, plain or discreet, with the
    site's sender and footer: nothing is stored or sent. Person links point nowhere."""
    outgoing = OutgoingEmail(
        recipient="preview@example.invalid",
        kind=kind,
        language=language,
        context=context,
        subject_name=subject_name,
        discreet=discreet,
    )
    preference = EmailPreference(email=outgoing.recipient, discreet=discreet)  # never saved
    built = email_build(outgoing, preference, email_settings_current())
    return RenderedEmail(subject=built.subject, text=built.body, html=built.alternatives[0][0])

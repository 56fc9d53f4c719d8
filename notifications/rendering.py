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
from notifications.selectors import is_discreet
from notifications.site import absolute, site_domain

CALENDAR_MIMETYPE = "text/calendar"


TEMPLATE_PARTS = ("subject.txt", "body.txt", "body.html")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str

    @classmethod
    def from_parts(cls, subject: str, text: str, html: str) -> "RenderedEmail":
        """The trio as its templates render it; the subject becomes one line."""
        return cls(subject=" ".join(subject.split()), text=text, html=html)


def email_render_parts(*, template: str, context: dict) -> list[str]:
    """The subject, text and HTML exactly as the templates render them."""
    return [render_to_string(f"emails/{template}_{part}", context) for part in TEMPLATE_PARTS]


def email_render(*, template: str, context: dict) -> RenderedEmail:
    return RenderedEmail.from_parts(*email_render_parts(template=template, context=context))


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


def email_discreet(
    outgoing: OutgoingEmail, preference: EmailPreference, site: EmailSettings
) -> bool:
    """Whether this row goes discreet: asked for with it, or the person's (site's) choice."""
    return outgoing.discreet or is_discreet(preference, site)


def email_context(
    *, context: dict, links: dict, subject_name: str, discreet: bool, site: EmailSettings
) -> dict:
    """What the templates see: the row's `context`, the person's links, then what this
    person wants now (discreet mode) and what the site says (footer)."""
    return {
        **context,
        **links,
        "discreet": discreet,
        "event_name": event_name(subject_name, discreet),
        "footer": footer(discreet, site),
        "site_name": "" if discreet else settings.SITE_NAME,
    }


def email_build(
    outgoing: OutgoingEmail, preference: EmailPreference, site: EmailSettings
) -> EmailMultiAlternatives:
    """The email that leaves for one row, in the row's language (the site's if none)."""
    with translation.override(outgoing.language or settings.LANGUAGE_CODE):
        discreet = email_discreet(outgoing, preference, site)
        links = person_links(preference)
        context = email_context(
            context=outgoing.context,
            links=links,
            subject_name=outgoing.subject_name,
            discreet=discreet,
            site=site,
        )
        rendered = email_render(template=outgoing.kind, context=context)
        return email_message(outgoing, rendered, discreet=discreet, links=links, site=site)


def email_message(
    outgoing: OutgoingEmail,
    rendered: RenderedEmail,
    *,
    discreet: bool,
    links: dict,
    site: EmailSettings,
    email_class: type[CalendarEmail] = CalendarEmail,
) -> CalendarEmail:
    """The message around rendered text: headers, the HTML, the calendar file if any."""
    message = email_class(
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

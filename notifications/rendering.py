"""Turning an outbox row into the email that leaves: templates, footer, headers, .ics.

Emails are template trios, `emails/<kind>_subject.txt`, `_body.txt` and `_body.html`,
rendered with the row's context plus what this person wants now (discreet mode) and
what the site says (footer). A discreet email gets the discreet calendar file, a neutral
footer and no site name; its templates show nothing that names the subject (`discreet`).
A row's `qr_url` travels as a QR code drawn here, inline in the HTML part (a
multipart/related part beside it, by Content-ID), and as the plain link in the text part.
Nothing here tracks the reader: no pixels, no redirects, no image fetched from anywhere.
"""

from dataclasses import dataclass
from email.mime.image import MIMEImage
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart, SafeMIMEText
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from notifications.branding import Branding, branding_current
from notifications.models import EmailPreference, EmailSettings, OutgoingEmail
from notifications.qr import qr_png
from notifications.selectors import email_settings_current, is_discreet
from notifications.site import absolute, site_domain

CALENDAR_MIMETYPE = "text/calendar"
HTML_MIMETYPE = "text/html"


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


@dataclass(frozen=True)
class InlineImage:
    """A PNG the HTML part shows as `cid:<content_id>`."""

    content_id: str
    png: bytes
    filename: str


class CalendarEmail(EmailMultiAlternatives):
    """An email whose text/calendar parts carry `method=` matching the calendar's METHOD,
    and whose HTML part travels in a multipart/related with the images it shows."""

    def __init__(self, *args, inline_images: tuple[InlineImage, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.inline_images = inline_images

    def _create_mime_attachment(self, content, mimetype):
        if mimetype == HTML_MIMETYPE and self.inline_images:
            return self._related(super()._create_mime_attachment(content, mimetype))
        if mimetype != CALENDAR_MIMETYPE:
            return super()._create_mime_attachment(content, mimetype)
        part = SafeMIMEText(content, "calendar", "utf-8")
        part.set_param("method", calendar_method(content))
        return part

    def _related(self, html_part):
        encoding = self.encoding or settings.DEFAULT_CHARSET
        related = SafeMIMEMultipart(_subtype="related", encoding=encoding)
        related.attach(html_part)
        for image in self.inline_images:
            part = MIMEImage(image.png, "png")
            part["Content-ID"] = f"<{image.content_id}>"
            part.add_header("Content-Disposition", "inline", filename=image.filename)
            related.attach(part)
        return related


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


def qr_image(outgoing: OutgoingEmail) -> InlineImage | None:
    """The row's link as a QR code image, or None when it has no link to draw."""
    if not outgoing.qr_url:
        return None
    digest = salted_hmac("notifications.qr", str(outgoing.pk)).hexdigest()[:16]
    return InlineImage(
        content_id=f"qr-{digest}@{site_domain()}", png=qr_png(outgoing.qr_url), filename="code.png"
    )


def person_links(preference: EmailPreference) -> dict:
    token = preference.token
    return {
        "preferences_url": absolute(reverse("email_preferences", kwargs={"token": token})),
        "unsubscribe_url": absolute(reverse("email_unsubscribe", kwargs={"token": token})),
    }


def footer(discreet: bool, site: EmailSettings, branding: Branding) -> str:
    """The site's footer and the crisis-line notice (when it is on every page), or in
    discreet mode a neutral footer: the site's may name the organisation or a support
    line, which would say what the email is about."""
    if not discreet:
        return "\n\n".join(part for part in (site.footer, branding.crisis_notice) if part)
    return gettext(
        "You get this email because this address was given to us, for an RSVP or for "
        "announcements. It is discreet: it does not say what the event is, where it is, or "
        "who runs it."
    )


def sender(discreet: bool, site: EmailSettings, branding: Branding | None = None) -> str:
    """DEFAULT_FROM_EMAIL under the organisation's name when a coordinator gave one, or in
    discreet mode under the neutral name."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if discreet:
        return formataddr((site.discreet_sender_name, address))
    own_name = (branding or branding_current()).own_name
    return formataddr((own_name, address)) if own_name else settings.DEFAULT_FROM_EMAIL


def email_discreet(
    outgoing: OutgoingEmail, preference: EmailPreference, site: EmailSettings
) -> bool:
    """Whether this row goes discreet: asked for with it, or the person's (site's) choice."""
    return outgoing.discreet or is_discreet(preference, site)


def email_context(
    *,
    context: dict,
    links: dict,
    subject_name: str,
    discreet: bool,
    site: EmailSettings,
    branding: Branding,
    qr_url: str = "",
    image: InlineImage | None = None,
) -> dict:
    """What the templates see: the row's `context`, the person's links (and code), then
    what this person wants now (discreet mode) and what the site says (footer, name)."""
    return {
        **context,
        **links,
        "qr_url": qr_url,
        "qr_src": f"cid:{image.content_id}" if image else "",
        "discreet": discreet,
        "event_name": event_name(subject_name, discreet),
        "footer": footer(discreet, site, branding),
        "site_name": "" if discreet else branding.name,
    }


def email_build(
    outgoing: OutgoingEmail,
    preference: EmailPreference,
    site: EmailSettings,
    branding: Branding | None = None,
) -> EmailMultiAlternatives:
    """The email that leaves for one row, in the row's language (the site's if none)."""
    with translation.override(outgoing.language or settings.LANGUAGE_CODE):
        discreet = email_discreet(outgoing, preference, site)
        links = person_links(preference)
        image = qr_image(outgoing)
        branding = branding or branding_current()
        context = email_context(
            context=outgoing.context,
            links=links,
            subject_name=outgoing.subject_name,
            discreet=discreet,
            site=site,
            branding=branding,
            qr_url=outgoing.qr_url,
            image=image,
        )
        rendered = email_render(template=outgoing.kind, context=context)
        return email_message(
            outgoing,
            rendered,
            discreet=discreet,
            links=links,
            site=site,
            branding=branding,
            image=image,
        )


def email_message(
    outgoing: OutgoingEmail,
    rendered: RenderedEmail,
    *,
    discreet: bool,
    links: dict,
    site: EmailSettings,
    branding: Branding,
    email_class: type[CalendarEmail] = CalendarEmail,
    image: InlineImage | None = None,
) -> CalendarEmail:
    """The message around rendered text: headers, the HTML (with the row's code inline,
    if it has one), the calendar file if any."""
    message = email_class(
        subject=rendered.subject,
        body=rendered.text,
        from_email=sender(discreet, site, branding),
        to=[outgoing.recipient],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Message-ID": message_id(outgoing),
        },
        inline_images=(image,) if image else (),
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

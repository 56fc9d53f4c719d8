"""Building a batch's messages once per group of rows that differ only in the person.

A talk's reminders to 10,000 people are one template, language and calendar file, with a
name and a few links of each person's own. The rows of a batch are grouped by all that
shapes their message (kind, language, discreet mode, subject name, calendar file, every
value of the context that is not text, and whether each text value is empty); within a
group, the text values that differ from row to row are personal, and so are the links
to the person's preferences. For each group of two or more, the templates are rendered
once (notifications.stencils) and the message flattened once
(notifications.skeleton), both with holes for the personal values; each message fills
in its own. What cannot be built that way is built whole (`email_build`), as it always
was: a row alone in its group, a row with a check-in code (an image of its own), a
template that does more than print a personal value, a body too long for 8bit.

A group's shared parts hold no one's personal values, only markers; a message's own
values go into its own slots only.
"""

import json
import logging
import re
import secrets

from django.conf import settings
from django.utils import translation

from notifications.addresses import normalise_email
from notifications.branding import branding_current
from notifications.converters import TokenConverter
from notifications.models import EmailPreference, EmailSettings, OutgoingEmail
from notifications.rendering import (
    CalendarEmail,
    RenderedEmail,
    email_build,
    email_context,
    email_discreet,
    email_message,
    email_render_parts,
    person_links,
)
from notifications.skeleton import AssembledEmail, skeleton_for
from notifications.stencils import stencils_render

logger = logging.getLogger(__name__)

TOKEN = re.compile(TokenConverter.regex)  # what a link carries as it is, unquoted


def _shape(row: OutgoingEmail, discreet: bool) -> tuple:
    """What makes two rows' messages the same but for the person's text values."""
    context = tuple(
        (key, ("text", bool(value)) if isinstance(value, str) else json.dumps(value))
        for key, value in sorted(row.context.items())
    )
    ics = row.discreet_ics if discreet else row.ics
    return row.kind, row.language, discreet, row.subject_name, ics, context


class Links:
    """A person's links (`person_links`), made once per batch around a marker: each
    person's are the same addresses with their own token in."""

    def __init__(self):
        marker = secrets.token_hex(8)
        links = person_links(EmailPreference(token=marker))
        self.forms = {key: url.split(marker) for key, url in links.items()}

    def __call__(self, preference: EmailPreference) -> dict:
        forms = self.forms.items()
        if TOKEN.fullmatch(preference.token) and all(len(form) == 2 for _, form in forms):
            return {key: f"{before}{preference.token}{after}" for key, (before, after) in forms}
        return person_links(preference)


class Group:
    """Rows whose messages share all but their personal values; parts built on first use."""

    def __init__(
        self, rows: list[OutgoingEmail], discreet: bool, site: EmailSettings, branding, links
    ):
        first = rows[0]
        self.discreet, self.site, self.branding, self.links = discreet, site, branding, links
        self.personal = [
            key
            for key, value in first.context.items()
            if isinstance(value, str) and any(row.context[key] != value for row in rows)
        ]
        self.stencils = self.skeleton = None
        self.prepared = False

    def values(self, outgoing: OutgoingEmail, links: dict) -> dict[str, str]:
        return {**{key: outgoing.context[key] for key in self.personal}, **links}

    def render(self, outgoing: OutgoingEmail, values: dict[str, str]) -> list[str]:
        context = {**outgoing.context, **{key: values[key] for key in self.personal}}
        context = email_context(
            context=context,
            links={key: values[key] for key in self.links.forms},
            subject_name=outgoing.subject_name,
            discreet=self.discreet,
            site=self.site,
            branding=self.branding,
        )
        return email_render_parts(template=outgoing.kind, context=context)

    def prepare(self, outgoing: OutgoingEmail, links: dict) -> None:
        """Render and flatten the shared parts, checked against `outgoing`'s own message."""
        with translation.override(outgoing.language or settings.LANGUAGE_CODE):
            stencils = stencils_render(
                lambda values: self.render(outgoing, values), self.values(outgoing, links)
            )
        if stencils is not None:
            email = self.email(outgoing, links, stencils, CalendarEmail)
            self.skeleton = skeleton_for(email, personal_subject=stencils[0].has_holes)
        if self.skeleton is None:
            logger.info("Emails of kind %r are built one by one here", outgoing.kind)
        self.stencils, self.prepared = stencils, True

    def email(self, outgoing: OutgoingEmail, links: dict, stencils, email_class) -> CalendarEmail:
        values = self.values(outgoing, links)
        rendered = RenderedEmail.from_parts(*(stencil.fill(values) for stencil in stencils))
        return email_message(
            outgoing,
            rendered,
            discreet=self.discreet,
            links=links,
            site=self.site,
            branding=self.branding,
            email_class=email_class,
        )

    def build(self, outgoing: OutgoingEmail, preference: EmailPreference) -> CalendarEmail | None:
        links = self.links(preference)
        if not self.prepared:
            self.prepare(outgoing, links)
        if self.skeleton is None:
            return None
        email = self.email(outgoing, links, self.stencils, AssembledEmail)
        email.skeleton = self.skeleton
        return email


class Fanout:
    """A batch's templated rows in their groups; `build` gives each row's message."""

    def __init__(self, rows, preferences: dict[str, EmailPreference], site: EmailSettings):
        self.site, self.branding, links = site, branding_current(), Links()
        shapes = {}
        for row in rows:
            # A row with a check-in code carries its own image: it is built alone, so no
            # one's code can reach another person's message.
            if row.raw_message is None and not row.qr_url:
                preference = preferences[normalise_email(row.recipient)]
                discreet = email_discreet(row, preference, site)
                shapes.setdefault(_shape(row, discreet), (discreet, []))[1].append(row)
        self.groups = {}
        for discreet, members in shapes.values():
            if len(members) > 1:
                group = Group(members, discreet, site, self.branding, links)
                self.groups |= {row.pk: group for row in members}

    def build(self, outgoing: OutgoingEmail, preference: EmailPreference) -> CalendarEmail:
        group = self.groups.get(outgoing.pk)
        email = group.build(outgoing, preference) if group else None
        return email or email_build(outgoing, preference, self.site, self.branding)

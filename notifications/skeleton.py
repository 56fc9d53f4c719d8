"""A message flattened once for many people, with slots where they differ.

Flattening MIME (email.generator) costs more than anything else in sending a message.
The messages of one group (notifications.fanout) share all but their personal headers
(To, Date, Message-ID, List-Unsubscribe, and the Subject if it names the person) and
their text and HTML bodies. The skeleton is the group's message flattened once with a
marker in each of those places; a message is the skeleton's bytes with the slots filled:
each header folded as the generator folds it, each body written as the generator writes
7bit or 8bit text, and fresh boundaries of the same length. A body the generator would
write as quoted-printable (a line over 998 bytes), or an email that does not share the
skeleton's other parts, is not assembled: it is flattened whole, as before.
"""

import copy
import re
import secrets
import sys
from email import message_from_bytes
from email.policy import compat32
from email.utils import formatdate

from django.conf import settings
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    EmailAlternative,
    forbid_multi_line_headers,
)
from django.utils.functional import cached_property

from notifications.rendering import CalendarEmail

PERSONAL_HEADERS = ("To", "Date", "Message-ID", "List-Unsubscribe")
HTML = "text/html"
LINE_BREAK = re.compile(rb"\r\n|\r")  # the generator ends every line with its separator
BOUNDARY_DIGITS = len(repr(sys.maxsize - 1))
ASCII_WORDS = re.compile(r"[!-~]+(?: [!-~]+)*")


def new_boundary() -> str:
    """A boundary as email.generator makes one, so a header holding it folds the same."""
    return "=" * 15 + str(secrets.randbelow(sys.maxsize)).zfill(BOUNDARY_DIGITS) + "=="


def header_line(name: str, value: str, encoding: str | None) -> bytes:
    """The header as Django's message stores it and the generator writes it.

    Printable ASCII needs no folding when it fits on one line, and one word cannot be
    split, so a long one goes whole on the next line: `Header.encode` writes both that
    way (tests/notifications/test_fanout.py compares). The generator folds the rest.
    """
    name, stored = forbid_multi_line_headers(name, value, encoding)
    if stored == value and ASCII_WORDS.fullmatch(value):
        if len(name) + 2 + len(value) <= compat32.max_line_length:
            return f"{name}: {value}\n".encode()
        if " " not in value:
            return f"{name}: \n {value}\n".encode()
    return compat32.fold_binary(name, stored)


def _body(text: str) -> bytes | None:
    """The body as the generator writes 7bit or 8bit text; None where Django's message
    would use quoted-printable instead (a line too long), or would leave the part out."""
    data = text.encode()
    if not data or max(map(len, data.splitlines())) > RFC5322_EMAIL_LINE_LENGTH_LIMIT:
        return None
    return LINE_BREAK.sub(b"\n", data) if b"\r" in data else data


def _html(email: CalendarEmail) -> str:
    return next((a.content for a in email.alternatives if a.mimetype == HTML), "")


def _shared(email: CalendarEmail, personal_subject: bool) -> tuple:
    """All of an email that the skeleton holds as it is, rather than in a slot."""
    return (
        None if personal_subject else email.subject,
        email.from_email,
        len(email.to),
        email.cc,
        email.bcc,
        email.reply_to,
        email.encoding,
        {k: v for k, v in email.extra_headers.items() if k not in PERSONAL_HEADERS},
        [a.mimetype if a.mimetype == HTML else a for a in email.alternatives],
        email.attachments,
    )


def _flat(message, boundaries: list[str]) -> bytes:
    """The message as Django's backends flatten it, with these boundaries."""
    multiparts = [part for part in message.walk() if part.is_multipart()]
    for part, boundary in zip(multiparts, boundaries, strict=True):
        part.set_boundary(boundary)
    return message.as_bytes(linesep="\n")


BODIES = ("text", "html")


def _marked(email: CalendarEmail, marks: dict[str, str], headers: list[str]):
    """`email` as Django's MIME message, a marker in each personal header and body and in
    the transfer encoding of each body."""
    sample = copy.copy(email)
    sample.body = marks["text"]
    sample.alternatives = [
        EmailAlternative(marks["html"], HTML) if a.mimetype == HTML else a
        for a in email.alternatives
    ]
    message = CalendarEmail.message(sample)  # the whole message, never a skeleton's
    for name in headers:
        message.replace_header(name, marks[name])
    for part in message.walk():
        for body in BODIES:
            if part.get_payload() == marks[body]:
                part.replace_header("Content-Transfer-Encoding", marks[f"{body}-cte"])
    return message


class MessageSkeleton:
    """One group's message, flattened with a marker in each slot and cut at the markers:
    `pieces` alternate literal bytes and the names of slots."""

    def __init__(self, email: CalendarEmail, *, personal_subject: bool):
        self.headers = [*PERSONAL_HEADERS, *(["Subject"] * personal_subject)]
        self.shared = _shared(email, personal_subject)
        nonce = secrets.token_hex(8)
        slots = [*self.headers, *BODIES, *(f"{body}-cte" for body in BODIES)]
        marks = {slot: f"x{nonce}{slot}x" for slot in slots}
        message = _marked(email, marks, self.headers)
        self.boundaries = [new_boundary() for part in message.walk() if part.is_multipart()]
        found = {marks[slot]: slot for slot in slots[len(self.headers) :]}
        found |= {f"{name}: {marks[name]}\n": name for name in self.headers}  # whole lines
        found |= {boundary: f"boundary-{n}" for n, boundary in enumerate(self.boundaries)}
        pattern = b"(" + b"|".join(re.escape(mark.encode()) for mark in found) + b")"
        pieces = re.split(pattern, _flat(message, self.boundaries))
        self.pieces = [found[p.decode()] if n % 2 else p for n, p in enumerate(pieces)]
        self.counts = [self.pieces.count(f"boundary-{n}") for n in range(len(self.boundaries))]

    def _slots(self, email: CalendarEmail, date: str | None) -> dict[str, bytes] | None:
        values = {
            "To": ", ".join(email.to),
            "Date": date or formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
            "Message-ID": email.extra_headers["Message-ID"],
            "List-Unsubscribe": email.extra_headers["List-Unsubscribe"],
            "Subject": email.subject,
        }
        slots = {name: header_line(name, values[name], email.encoding) for name in self.headers}
        for name, text in (("text", email.body), ("html", _html(email))):
            slots[name] = _body(text)
            if slots[name] is None:
                return None
            slots[f"{name}-cte"] = b"7bit" if slots[name].isascii() else b"8bit"
        return slots

    def assemble(self, email: CalendarEmail, *, date: str | None = None, boundaries=None):
        """The email's bytes (lines ending in \\n), or None if the skeleton cannot hold it.

        `date` and `boundaries` are given only to compare with a message flattened whole.
        """
        if _shared(email, "Subject" in self.headers) != self.shared:
            return None
        slots = self._slots(email, date)
        while slots is not None:
            fresh = boundaries or [new_boundary() for _ in self.boundaries]
            slots |= {f"boundary-{n}": boundary.encode() for n, boundary in enumerate(fresh)}
            data = b"".join(p if n % 2 == 0 else slots[p] for n, p in enumerate(self.pieces))
            # A boundary must not occur in the content: a personal value could hold one.
            if all(data.count(slots[f"boundary-{n}"]) == c for n, c in enumerate(self.counts)):
                return data
            if boundaries:
                return None
        return None


def skeleton_for(email: CalendarEmail, *, personal_subject: bool) -> MessageSkeleton | None:
    """The skeleton of `email`'s group, or None unless it gives `email` byte for byte as
    flattening the whole message does (same Date and boundaries)."""
    skeleton = MessageSkeleton(email, personal_subject=personal_subject)
    whole = CalendarEmail.message(email)
    boundaries = [new_boundary() for _ in skeleton.boundaries]
    flat = _flat(whole, boundaries)
    if skeleton.assemble(email, date=whole["Date"], boundaries=boundaries) != flat:
        return None
    return skeleton


class AssembledMessage:
    """What a backend flattens: the assembled bytes. Anything else it asks of a Message
    (a console backend's charset, say) is answered by the message parsed from them."""

    def __init__(self, data: bytes):
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        if unixfrom:
            return self.parsed.as_bytes(unixfrom=True, linesep=linesep)
        return self.data if linesep == "\n" else self.data.replace(b"\n", linesep.encode())

    @cached_property
    def parsed(self):
        return message_from_bytes(self.data)

    def __getattr__(self, name):
        return getattr(self.parsed, name)


class AssembledEmail(CalendarEmail):
    """A CalendarEmail whose MIME comes from its group's skeleton when it fits."""

    skeleton: MessageSkeleton | None = None

    def message(self, *, policy=None):
        data = self.skeleton.assemble(self) if self.skeleton else None
        return super().message() if data is None else AssembledMessage(data)

"""Emails are template trios: `emails/<name>_subject.txt`, `_body.txt`, `_body.html`."""

from dataclasses import dataclass

from django.template.loader import render_to_string


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

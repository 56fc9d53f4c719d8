"""Plugin hooks: the one way `events` lets the floor above it (`outreach`) take part.

`events` never imports `outreach`. Where outreach has to act on something that happens
to a talk, or add to what a talk shows, `events` sends one of these signals and outreach
connects a receiver in its AppConfig.ready(). A receiver only calls a service function of
its own app; no domain logic lives in a receiver (STYLE.md: signals are plugin hooks).
"""

from django.dispatch import Signal

talk_published = Signal()
"""Sent when a draft is published, inside the publishing transaction, so whatever a
receiver queues in the outbox commits with the publication or not at all. Arguments:
`talk` (the published Talk), `by` (the user who published it)."""

email_links = Signal()
"""Sent once per talk and kind of email while a batch of its emails is built (never once
per recipient): `talk`, `kind` (the email's kind: "rsvp_confirmed", "reminder", ...). A
receiver returns a dict {template variable: absolute URL} that every recipient of that
kind gets alike, so nothing personal may go in; None or {} adds nothing."""

thank_you_feedback_links = Signal()
"""Sent once when a talk's thank-you emails are queued, inside that transaction:
`talk`, `count`. A receiver returns a list of `count` absolute URLs, one for each
recipient in turn and meant for them alone (a one-use link), made in one batch; the
thank-you emails are queued with `forget_context_when_sent`, so the outbox keeps no copy
of a link once it left."""

coordinator_talk_links = Signal()
"""Sent when a coordinator's page for a talk is shown: `talk`. A receiver returns a list
of (label, URL) pairs, shown among the page's actions; it should not query the database."""


def hook_results(signal: Signal, **arguments) -> list:
    """What each connected receiver returned, in order, leaving out the empty answers."""
    return [result for _receiver, result in signal.send(sender=None, **arguments) if result]

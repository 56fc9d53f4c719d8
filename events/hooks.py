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

"""Plugin hooks: the one way `events` lets the floor above it (`outreach`) take part.

`events` never imports `outreach`. Where outreach has to act on something that happens
to a talk, or add to what a talk shows, `events` sends one of these signals and outreach
connects a receiver in its AppConfig.ready(). A receiver only calls a service function of
its own app; no domain logic lives in a receiver (STYLE.md: signals are plugin hooks).
"""

from dataclasses import dataclass

from django.dispatch import Signal

talk_published = Signal()
"""Sent when a draft is published, inside the publishing transaction, so whatever a
receiver queues in the outbox commits with the publication or not at all. Arguments:
`talk` (the published Talk), `by` (the user who published it)."""


@dataclass(frozen=True)
class CoHost:
    """An organisation that co-hosts a talk, as the public sees it."""

    name: str
    url: str  # its public page, as a path


talk_cohosts = Signal()
"""Sent to learn who co-hosts some talks, for the talk page, the feeds' DESCRIPTION and
the single-talk download. Argument: `talk_ids` (a list of pks, or a `values("pk")`
queryset for a feed's thousands). A receiver answers `{talk_pk: [CoHost, ...]}` for the
talks that have co-hosts, in one query however many talks are asked about. Read it
through `events.selectors.cohosts_of_talks`."""


@dataclass(frozen=True)
class TalkLink:
    """A link on a talk's coordinator page to a page of another app."""

    label: str
    url: str


coordinator_talk_links = Signal()
"""Sent when a talk's coordinator page is shown. Argument: `talk`. A receiver answers a
list of TalkLink, without reading the database (the page's query count is pinned)."""

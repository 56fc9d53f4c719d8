"""Plugin hooks: the one way `events` lets the floor above it (`outreach`) take part.

`events` never imports `outreach`. Where outreach has to act on something that happens
to a talk, or add to what a talk shows, `events` sends one of these signals and outreach
connects a receiver in its AppConfig.ready(). A receiver only calls a service function of
its own app; no domain logic lives in a receiver (STYLE.md: signals are plugin hooks).
"""

from dataclasses import dataclass
from datetime import date

from django.dispatch import Signal

talk_published = Signal()
"""Sent when a draft is published, inside the publishing transaction, so whatever a
receiver queues in the outbox commits with the publication or not at all. Arguments:
`talk` (the published Talk), `by` (the user who published it)."""

talk_cancelled = Signal()
"""Sent when a published talk is cancelled, inside the cancelling transaction, after its
people's notices are queued: whatever a receiver queued about the talk and has not sent
yet (an announcement of it) can be withdrawn. Argument: `talk`."""


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


@dataclass(frozen=True)
class TopicResource:
    """One thing to read (or watch, or call) about a topic, as events shows it: on the
    topic's page, on its talks' pages and in their thank-you emails. `kind` is what it is,
    in words (a lazy translation: shown in the reader's language)."""

    title: str
    source: str
    link: str
    summary: str
    kind: str
    reviewed_on: date


topic_resources = Signal()
"""Sent for the resources to show with some topics. Arguments: `topic_ids` (a list of
Topic ids). A receiver returns a list of `TopicResource`, in the order to show them, read
in one query."""


def topic_resources_for(topic_ids) -> list[TopicResource]:
    """Every receiver's resources for `topic_ids` (none asked for no topic)."""
    if not topic_ids:
        return []
    answers = topic_resources.send(sender=None, topic_ids=list(topic_ids))
    return [resource for _receiver, resources in answers for resource in resources]


@dataclass(frozen=True)
class DashboardLink:
    """A coordinator page of the floor above, listed on the coordinator dashboard; its
    `warning`, if any, is also shown at the top of the dashboard, linking to
    `warning_url` (the page where it can be dealt with)."""

    label: str
    url: str
    warning: str = ""
    warning_url: str = ""


coordinator_dashboard_links = Signal()
"""Sent when the coordinator dashboard is shown. No arguments. A receiver returns a list
of `DashboardLink`, read in at most one query."""


def coordinator_dashboard_links_for() -> list[DashboardLink]:
    answers = coordinator_dashboard_links.send(sender=None)
    return [link for _receiver, links in answers for link in links]


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


def hook_results(signal: Signal, **arguments) -> list:
    """What each connected receiver returned, in order, leaving out the empty answers."""
    return [result for _receiver, result in signal.send(sender=None, **arguments) if result]


@dataclass(frozen=True)
class PersonDataSection:
    """Something another app holds about one address: `data` goes into the person's
    download under `key`; the page of their data shows `title` and `summary` (lines in
    words, already in the reader's language)."""

    key: str
    title: str
    data: object  # JSON-serialisable
    summary: list[str]


person_data_export = Signal()
"""Sent when everything held about one address is gathered (to show it to the person, let
them download it, or tell whether a data link is worth sending): `email`, normalised. A
receiver returns a list of PersonDataSection for what its app holds for the address,
none for nothing. Read it through `person_data_sections`."""


def person_data_sections(*, email: str) -> list[PersonDataSection]:
    return [
        section
        for sections in hook_results(person_data_export, email=email)
        for section in sections
    ]


person_data_forget = Signal()
"""Sent inside the transaction that deletes everything about a person, once for each of
their addresses, before notifications forgets it: `email`, normalised, and `now`. A
receiver deletes or blanks what its app holds for that address."""

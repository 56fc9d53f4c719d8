"""Keyword search over the listed talks: their titles, summaries and descriptions, their
speakers' names and their topics' names.

On PostgreSQL it is full-text search in the "english" configuration (so "therapies"
finds "therapy"), ranked by where the words are found: title, then summary, then
description. A talk's own text is matched through a GIN index on the same expression
(migration 0011 makes it on PostgreSQL only); speakers and topics are small tables
whose matches lead to their talks through the link tables' indexes. Only the matching
talks are read: a page of results costs what its matches do, not what the schedule does.
Elsewhere (SQLite in development) each word must appear, in any case, in one of those
fields.
"""

from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q

from events.models import Speaker, Talk, Topic

CONFIG = "english"
# Words beyond these are ignored by the fallback (each word is one more subquery).
MAX_FALLBACK_WORDS = 8


def talk_text_vector() -> SearchVector:
    """What the GIN index of migration 0011 is built on: keep the two the same."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("description", weight="C", config=CONFIG)
    )


def talks_matching(words: str, now: datetime):
    """Listed talks that match `words`: upcoming ones first, then by relevance."""
    talks = Talk.objects.listed()
    upcoming = ExpressionWrapper(Q(end__gt=now), output_field=BooleanField())
    if connection.vendor != "postgresql":
        for word in words.split()[:MAX_FALLBACK_WORDS]:
            talks = talks.filter(pk__in=_talks_containing(word))
        return talks.order_by(upcoming.desc(), "start", "pk")
    query = SearchQuery(words, config=CONFIG, search_type="websearch")
    # The ids first, in a query of their own: as a subquery the planner, guessing how many
    # talks a topic's name leads to, may read every listed talk to join them.
    found = talks.filter(pk__in=list(_talks_found(query)))
    ranked = found.annotate(rank=SearchRank(talk_text_vector(), query))
    return ranked.order_by(upcoming.desc(), "-rank", "start", "pk")


def _talks_found(query: SearchQuery):
    """Ids of talks whose own text, a speaker's name or a topic's name matches."""
    own = Talk.objects.annotate(found=talk_text_vector()).filter(found=query)
    own = own.order_by().values_list("pk", flat=True)
    topics = Topic.objects.annotate(found=SearchVector("name", config=CONFIG)).filter(found=query)
    speakers = Speaker.objects.annotate(found=SearchVector("name", config=CONFIG))
    by_name = [
        Talk.topics.through.objects.filter(topic__in=topics),
        Talk.speakers.through.objects.filter(speaker__in=speakers.filter(found=query)),
    ]
    by_name = [links.order_by().values_list("talk_id", flat=True) for links in by_name]
    return own.union(*by_name)


def _talks_containing(word: str):
    fields = ("title", "summary", "description", "topics__name", "speakers__name")
    anywhere = Q()
    for field in fields:
        anywhere |= Q(**{f"{field}__icontains": word})
    return Talk.objects.filter(anywhere).values("pk")

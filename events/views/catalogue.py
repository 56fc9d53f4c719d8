"""Finding talks: keyword search, and the pages of a topic, a series and a speaker, each
with its upcoming talks, its latest past ones and its calendar feed. Counts only."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.forms import TalkSearchForm
from events.hooks import topic_resources_for
from events.models import Series, Talk, Topic
from events.page_cache import SCHEDULE, SEATS, Page, render_shared
from events.search import talks_matching
from events.selectors import speaker_listed
from events.sharing import share_of
from events.versions import longest_listed_talk, next_talk_end
from events.views.public import feed_links, series_feed, talks_page, topic_feed

PAST_SHOWN = 5


def search(request):
    def build() -> Page:
        now = timezone.now()
        form = TalkSearchForm(request.GET or None)
        words = form.words()
        page, query = talks_page(request, talks_matching(words, now)) if words else (None, "")
        context = {"form": form, "words": words, "page": page, "query": query}
        context["schedule_links"] = feed_links(request, None)
        return Page("events/search.html", context, valid_until=next_talk_end(now))

    return render_shared(request, build, depends_on=(SCHEDULE, SEATS))


def talks_of_page(request, of: Q, *, template: str, context: dict, feed: tuple[str, str]) -> Page:
    """A page of one part of the schedule: its upcoming talks, paged, its latest past ones
    and its feed's subscribe links; `of` selects the talks. Topics, series, speakers, and
    outreach's partners."""
    now = timezone.now()
    upcoming = Talk.objects.upcoming(now, longest=longest_listed_talk()).filter(of)
    page, query = talks_page(request, upcoming)
    past = Talk.objects.past(now).filter(of).for_listing().prefetch_related("topics")
    context = {
        **context,
        "page": page,
        "query": query,
        "past": list(past[:PAST_SHOWN]),
        "schedule_links": feed_links(request, feed),
    }
    return Page(template, context, valid_until=next_talk_end(now))


def topic_detail(request, slug):
    def build() -> Page:
        topic = get_object_or_404(Topic, slug=slug)
        about = _("Free public talks about %(topic)s.") % {"topic": topic.name}
        share = share_of(title=topic.name, description=about, path=request.path)
        context = {"topic": topic, "about": about, "share": share}
        context["topic_resources"] = topic_resources_for([topic.pk])
        template = "events/topic_detail.html"
        return talks_of_page(
            request, Q(topics=topic), template=template, context=context, feed=topic_feed(topic)
        )

    return render_shared(request, build, depends_on=(SCHEDULE, SEATS))


def series_detail(request, slug):
    def build() -> Page:
        series = get_object_or_404(Series, slug=slug)
        about = series.description or _("A series of free public talks.")
        share = share_of(title=series.title, description=about, path=request.path)
        context = {"series": series, "share": share}
        template = "events/series_detail.html"
        return talks_of_page(
            request, Q(series=series), template=template, context=context, feed=series_feed(series)
        )

    return render_shared(request, build, depends_on=(SCHEDULE, SEATS))


def speaker_feed(speaker) -> tuple[str, str]:
    return reverse("calendar_speaker", kwargs={"pk": speaker.pk}), speaker.name


def speaker_detail(request, pk):
    def build() -> Page:
        speaker = speaker_listed(pk)
        if speaker is None:
            raise Http404
        about = speaker.bio or _("Free public talks with %(speaker)s.") % {"speaker": speaker.name}
        share = share_of(title=speaker.name, description=about, path=request.path, kind="profile")
        context = {"speaker": speaker, "share": share}
        template = "events/speaker_detail.html"
        return talks_of_page(
            request,
            Q(speakers=speaker),
            template=template,
            context=context,
            feed=speaker_feed(speaker),
        )

    return render_shared(request, build, depends_on=(SCHEDULE, SEATS))

"""Pages for community members: find talks, RSVP, confirm, cancel. Counts only, never names."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import services, tokens
from events.calendar_links import subscribe_links
from events.forms import (
    CalendarFeedForm,
    RsvpForm,
    TalkFilterForm,
    TalkSearchForm,
    month_start,
    months_offered,
)
from events.hooks import topic_resources_for
from events.models import Rsvp, Talk
from events.page_cache import SCHEDULE, SEATS, Page, render_shared, seats_of
from events.paging import ListPage, list_page
from events.ratelimits import client_address, guest_rsvp_limits, limit_spend
from events.selectors import (
    cohosts_of_talks,
    coordinator_messages_for,
    rsvp_closed_reason,
    rsvp_of_address,
    rsvps_of_person,
)
from events.sharing import share_of
from events.versions import longest_listed_talk, next_talk_end, talk_next_change
from events.views.rsvps import add_to_calendar, guest_urls, rsvp_from_token, rsvp_state
from notifications.addresses import normalise_email

TALKS_PER_PAGE = 20
# Talks this browser has sent a guest RSVP for: the page then says "check your email",
# the same whether the address was new or not, and never shows an RSVP's state.
GUEST_ASKED_SESSION_KEY = "guest_rsvp_talks"


def talks_page(request, talks) -> tuple[ListPage, str]:
    """The page of `talks` the address asks for, with their cards' data, and the query
    string that the page links keep (all but the page number). A page past the last is
    not found, as Meetup's are: nobody keeps a thousand empty pages."""
    shown = talks.for_listing().prefetch_related("topics")
    page = list_page(shown, request.GET.get("page"), TALKS_PER_PAGE)
    if page.has_previous and not page.object_list:
        raise Http404(_("There is no such page of talks."))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _talk_list(request, talks, *, template: str, now, forward: bool) -> Page:
    today = timezone.localdate(now)
    filters = TalkFilterForm(request.GET or None, months=months_offered(today, forward=forward))
    page, query = talks_page(request, filters.apply(talks))
    context = {"page": page, "filters": filters, "query": query}
    context.update(_schedule_feed(request, filters))
    # The months offered change on the first of the month, as the lists do when talks end.
    changes = [next_talk_end(now), month_start(today, 1)]
    return Page(template, context, valid_until=min(filter(None, changes)))


def _schedule_feed(request, filters) -> dict:
    """Subscribe links for the whole schedule, or for the topic being shown."""
    topic = filters.cleaned_data.get("topic") if filters.is_valid() else None
    return {"schedule_links": feed_links(request, topic and topic_feed(topic))}


def topic_feed(topic) -> tuple[str, str]:
    return reverse("calendar_topic", kwargs={"slug": topic.slug}), topic.name


def series_feed(series) -> tuple[str, str]:
    return reverse("calendar_series", kwargs={"slug": series.slug}), series.title


def feed_links(request, part: tuple[str, str] | None) -> dict:
    """Subscribe links for one part of the schedule, (feed path, title), or all of it."""
    if part is None:
        path, name = reverse("calendar_all"), settings.SITE_NAME
    else:
        path, title = part
        name = f"{settings.SITE_NAME}: {title}"
    return subscribe_links(request.build_absolute_uri(path), name)


def home(request):
    def build() -> Page:
        now = timezone.now()
        talks = Talk.objects.upcoming(now, longest=longest_listed_talk())
        page = _talk_list(request, talks, template="events/home.html", now=now, forward=True)
        page.context["search_form"] = TalkSearchForm()
        return page

    return render_shared(request, build, depends_on=(SCHEDULE, SEATS))


def talks_past(request):
    def build() -> Page:
        now = timezone.now()
        talks = Talk.objects.past(now)
        return _talk_list(request, talks, template="events/talks_past.html", now=now, forward=False)

    return render_shared(request, build, depends_on=(SCHEDULE, SEATS))


def _visible_talk(slug: str):
    return get_object_or_404(Talk.objects.listed().for_listing(), slug=slug)


def _rsvp_of_member(request, talk) -> Rsvp | None:
    """A logged-in member's own RSVP. A guest's RSVP is only ever shown behind the link
    in their email, which proves the address is theirs."""
    if not request.user.is_authenticated:
        return None
    return rsvp_of_address(talk, request.user.email)


def talk_detail(request, slug):
    """Anonymous visitors share the page; those who sent a guest RSVP from this browser
    share the one that says "check your email" (their session lists the talks)."""

    def build() -> Page:
        now = timezone.now()
        talk = _visible_talk(slug)
        member = request.user if request.user.is_authenticated else None
        context = _talk_context(request, talk, RsvpForm(talk=talk, member=member), now)
        return Page("events/talk_detail.html", context, valid_until=talk_next_change(talk, now))

    asked = request.session.get(GUEST_ASKED_SESSION_KEY, [])
    versions = (SCHEDULE, seats_of(slug))
    return render_shared(request, build, depends_on=versions, key_parts=(asked,))


def _focus_first_error(form) -> None:
    """The first field with an error takes the focus (and the browser scrolls to it): after
    a refused RSVP the page would otherwise open at its top, far above the message."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            return


def _render_talk(request, talk, form, now, status=200):
    if form.errors:
        _focus_first_error(form)
    context = _talk_context(request, talk, form, now)
    return render(request, "events/talk_detail.html", context, status=status)


def _talk_context(request, talk, form, now) -> dict:
    prefetch_related_objects([talk], "topics", "speakers")
    rsvp = _rsvp_of_member(request, talk)
    return {
        "talk": talk,
        "form": form,
        "rsvp": rsvp,
        "add_to_calendar": add_to_calendar(talk),
        "guest_asked": talk.pk in request.session.get(GUEST_ASKED_SESSION_KEY, []),
        "closed_reason": rsvp_closed_reason(talk, now),
        "ended": talk.end <= now,
        "topic_resources": topic_resources_for([topic.pk for topic in talk.topics.all()]),
        "schedule_links": _talk_feed_links(request, talk),
        "cohosts": cohosts_of_talks([talk.pk]).get(talk.pk, []),
        "share": share_of(
            title=talk.title,
            description=talk.summary,
            path=talk.get_absolute_url(),
            kind="article",
            image_path=talk.image.url if talk.image else "",
        ),
    }


def _talk_feed_links(request, talk) -> dict:
    """Subscribe to the talk's series if it has one, or else to the whole schedule."""
    return feed_links(request, talk.series and series_feed(talk.series))


@require_POST
def talk_rsvp(request, slug):
    now = timezone.now()
    talk = _visible_talk(slug)
    member = request.user if request.user.is_authenticated else None
    per_client, per_address = guest_rsvp_limits()
    if member is None and not limit_spend(per_client, client_address(request), now):
        return _too_many(request, per_client, now)
    form = RsvpForm(request.POST, talk=talk, member=member)
    if not form.is_valid():
        return _render_talk(request, talk, form, now, status=400)
    email = member.email if member else form.cleaned_data["email"]
    if member is None and not limit_spend(per_address, normalise_email(email), now):
        return _too_many(request, per_address, now)
    try:
        outcome = services.rsvp_create(
            talk=talk,
            email=email,
            user=member,
            language=translation.get_language() or "",
            now=now,
            **form.service_arguments(),
        )
    except services.RsvpNotPossible as refusal:
        form.add_error(None, str(refusal))
        return _render_talk(request, talk, form, now, status=409)
    if member is None:  # the same page whatever the address: "check your email"
        asked = request.session.get(GUEST_ASKED_SESSION_KEY, [])
        request.session[GUEST_ASKED_SESSION_KEY] = [*asked, talk.pk][-50:]
        return redirect("talk_rsvp_sent", slug=talk.slug)
    if not outcome.created:
        messages.info(request, _("You have already RSVPed to this talk: here is your RSVP."))
    return redirect("my_rsvp", pk=outcome.rsvp.pk)


def _too_many(request, limit, now):
    """A clear "too many" page (429) for a guest RSVP past its limit: nothing is saved."""
    response = render(request, "events/too_many.html", status=429)
    response["Retry-After"] = str(limit.window_end(now))
    return response


@never_cache
def rsvp_confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that follow links change nothing.
    A link used already says so, with the RSVP as it stands."""
    rsvp = rsvp_from_token(token, tokens.CONFIRM)
    manage = tokens.rsvp_token(rsvp_id=rsvp.pk, purpose=tokens.MANAGE)
    if rsvp.status in (Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED):
        context = {**rsvp_state(rsvp, urls=guest_urls(manage)), "already": True}
        return render(request, "events/rsvp_confirm.html", context)
    if rsvp.status != Rsvp.Status.PENDING:  # cancelled or expired: the RSVP page says so
        return redirect("rsvp_manage", token=manage)
    if request.method == "POST":
        try:
            services.rsvp_confirm_email(
                rsvp=rsvp, discreet_emails=tokens.discreet_wish_from_confirm_token(token)
            )
        except services.RsvpNotPossible as refusal:
            messages.error(request, str(refusal))
        return redirect("rsvp_manage", token=manage)
    return render(request, "events/rsvp_confirm.html", {"rsvp": rsvp, "talk": rsvp.talk})


@never_cache
def rsvp_manage(request, token):
    """A person's own RSVP, reached from any email: see it, confirm it if it waits for
    that (the link came to their address), change its size, read the organisers'
    messages; cancelling has its own page, which asks first."""
    rsvp = rsvp_from_token(token, tokens.MANAGE)
    if request.method == "POST":
        if request.POST.get("action") == "confirm":
            try:
                services.rsvp_confirm_email(rsvp=rsvp)
                messages.success(request, _("Your address is confirmed."))
            except services.RsvpNotPossible as refusal:
                messages.error(request, str(refusal))
        return redirect("rsvp_manage", token=token)
    context = rsvp_state(rsvp, urls=guest_urls(token))
    context["organiser_messages"] = coordinator_messages_for(rsvp)
    feed_post_url = reverse("rsvp_calendar_feed", kwargs={"token": token})
    context.update(_personal_feed_context(request, rsvp.email, feed_post_url))
    return render(request, "events/rsvp_manage.html", context)


@never_cache
@login_required
def my_talks(request):
    now = timezone.now()
    context = {"rsvps": rsvps_of_person(request.user.email, now), "now": now}
    context.update(_personal_feed_context(request, request.user.email, reverse("my_calendar_feed")))
    return render(request, "events/my_talks.html", context)


def _personal_feed_context(request, email: str, post_url: str) -> dict:
    feed = services.calendar_feed_for(email=email)
    url = request.build_absolute_uri(reverse("calendar_personal", kwargs={"token": feed.token}))
    form = CalendarFeedForm(
        initial={"alarms": feed.alarms, "discreet_titles": feed.discreet_titles}
    )
    return {
        "feed_links": subscribe_links(url, _("My talks")),
        "feed_form": form,
        "feed_post_url": post_url,
    }


def _change_personal_feed(request, email: str):
    feed = services.calendar_feed_for(email=email)
    form = CalendarFeedForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["rotate"]:
            services.calendar_feed_rotate(feed=feed)
            messages.success(
                request, _("Your calendar has a new address: the old one no longer works.")
            )
        else:
            services.calendar_feed_update(
                feed=feed,
                alarms=form.cleaned_data["alarms"],
                discreet_titles=form.cleaned_data["discreet_titles"],
            )
            messages.success(request, _("Your calendar feed settings are saved."))


@login_required
@require_POST
def my_calendar_feed(request):
    _change_personal_feed(request, request.user.email)
    return redirect("my_talks")


@require_POST
def rsvp_calendar_feed(request, token):
    rsvp = rsvp_from_token(token, tokens.MANAGE)
    _change_personal_feed(request, rsvp.email)
    return redirect("rsvp_manage", token=token)

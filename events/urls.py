from django.urls import include, path

import notifications.converters  # noqa: F401 - registers the `token` path converter
from events.views import account, catalogue, door, feeds, privacy, public, rsvps

urlpatterns = [
    path("", public.home, name="home"),
    path("talks/past/", public.talks_past, name="talks_past"),
    path("search/", catalogue.search, name="search"),
    path("calendar.ics", feeds.calendar_all, name="calendar_all"),
    path("topics/<slug:slug>/", catalogue.topic_detail, name="topic_detail"),
    path("series/<slug:slug>/", catalogue.series_detail, name="series_detail"),
    path("speakers/<int:pk>/", catalogue.speaker_detail, name="speaker_detail"),
    path("speakers/<int:pk>/calendar.ics", feeds.calendar_speaker, name="calendar_speaker"),
    path("topics/<slug:slug>/calendar.ics", feeds.calendar_topic, name="calendar_topic"),
    path("series/<slug:slug>/calendar.ics", feeds.calendar_series, name="calendar_series"),
    path("calendar/me/<token:token>.ics", feeds.calendar_personal, name="calendar_personal"),
    path("talks/<slug:slug>.ics", feeds.talk_download, name="talk_download"),
    path("talks/<slug:slug>/", public.talk_detail, name="talk_detail"),
    path("talks/<slug:slug>/rsvp/", public.talk_rsvp, name="talk_rsvp"),
    path("talks/<slug:slug>/rsvp/sent/", rsvps.talk_rsvp_sent, name="talk_rsvp_sent"),
    path("rsvp/<token:token>/confirm/", public.rsvp_confirm, name="rsvp_confirm"),
    path("rsvp/<token:token>/", public.rsvp_manage, name="rsvp_manage"),
    path("rsvp/<token:token>/cancel/", rsvps.rsvp_cancel, name="rsvp_cancel"),
    path("rsvp/<token:token>/party/", rsvps.rsvp_party, name="rsvp_party"),
    path("rsvp/<token:token>/data-link/", privacy.rsvp_data_link, name="rsvp_data_link"),
    path("rsvp/<token:token>/calendar/", public.rsvp_calendar_feed, name="rsvp_calendar_feed"),
    path("check-in/<token:token>/", door.rsvp_door, name="rsvp_door"),
    path("me/", account.account_overview, name="account_overview"),
    path("me/talks/", public.my_talks, name="my_talks"),
    path("me/calendar/", public.my_calendar_feed, name="my_calendar_feed"),
    path("me/data/", privacy.my_data, name="my_data"),
    path("data/", privacy.person_data_request, name="person_data_request"),
    path("data/<token:token>/", privacy.person_data, name="person_data"),
    path("me/rsvps/<int:pk>/", rsvps.my_rsvp, name="my_rsvp"),
    path("me/rsvps/<int:pk>/cancel/", rsvps.my_rsvp_cancel, name="my_rsvp_cancel"),
    path("me/rsvps/<int:pk>/party/", rsvps.my_rsvp_party, name="my_rsvp_party"),
    path("coordinate/", include("events.coordinator_urls")),
]

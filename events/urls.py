from django.urls import include, path

from events.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("talks/past/", public.talks_past, name="talks_past"),
    path("talks/<slug:slug>/", public.talk_detail, name="talk_detail"),
    path("talks/<slug:slug>/rsvp/", public.talk_rsvp, name="talk_rsvp"),
    path("rsvp/<str:token>/confirm/", public.rsvp_confirm, name="rsvp_confirm"),
    path("rsvp/<str:token>/", public.rsvp_manage, name="rsvp_manage"),
    path("me/talks/", public.my_talks, name="my_talks"),
    path("me/rsvps/<int:pk>/cancel/", public.my_rsvp_cancel, name="my_rsvp_cancel"),
    path("coordinate/", include("events.coordinator_urls")),
]

from django.urls import include, path

from events.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("coordinate/", include("events.coordinator_urls")),
]

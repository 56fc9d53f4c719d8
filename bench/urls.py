"""The service's URLs plus the baseline the feed benchmark compares against."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as service_urlpatterns

STATIC_BODY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def static_string(request):
    """The cheapest Django view there is: the floor every feed response is measured on."""
    return HttpResponse(STATIC_BODY, content_type="text/calendar; charset=utf-8")


urlpatterns = [path("bench/static.ics", static_string), *service_urlpatterns]

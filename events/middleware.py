from django.db import OperationalError
from django.shortcuts import render

from events.locking import TalkBusy, is_lock_timeout


class TalkBusyMiddleware:
    """A lock wait that timed out is a clear "busy, try again" page (503), never a 500:
    the talk's lock (TalkBusy), or on SQLite the database's, wherever it was waited for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        waited_too_long = isinstance(exception, OperationalError) and is_lock_timeout(exception)
        if isinstance(exception, TalkBusy) or waited_too_long:
            response = render(request, "events/busy.html", status=503)
            response["Retry-After"] = "2"
            return response
        return None

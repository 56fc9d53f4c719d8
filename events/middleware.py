from django.shortcuts import render

from events.locking import TalkBusy


class TalkBusyMiddleware:
    """A lock wait that timed out is a clear "busy, try again" page (503), never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TalkBusy):
            response = render(request, "events/busy.html", status=503)
            response["Retry-After"] = "2"
            return response
        return None

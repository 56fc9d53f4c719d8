from functools import partial

from events.permissions import is_coordinator


def coordinator(request):
    """`is_coordinator` for the navigation; templates call it only for logged-in people."""
    return {"is_coordinator": partial(is_coordinator, request.user)}

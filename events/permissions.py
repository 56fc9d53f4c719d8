"""Who may use the coordinator tools: members of the Coordinators group (and superusers)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache


def is_coordinator(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=settings.COORDINATORS_GROUP).exists()


def coordinator_required(view):
    """Anonymous people are sent to log in; logged-in non-coordinators are refused (403).
    No page of the tools is kept by a browser or a proxy cache (`never_cache`).

    (Sending a logged-in member to the login page would bounce them straight back here.)
    """

    @never_cache
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked

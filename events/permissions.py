"""Who may use the coordinator tools: members of the Coordinators group (and superusers)."""

from django.conf import settings
from django.contrib.auth.decorators import user_passes_test


def is_coordinator(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=settings.COORDINATORS_GROUP).exists()


coordinator_required = user_passes_test(is_coordinator)

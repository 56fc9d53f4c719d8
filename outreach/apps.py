from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _topic_resources(sender, *, topic_ids, **kwargs):
    from outreach.services.resources import topic_resources

    return topic_resources(topic_ids=topic_ids)


def _dashboard_links(sender, **kwargs):
    from outreach.services.resources import resources_dashboard_links

    return resources_dashboard_links()


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        """Answer events' plugin hooks (events/hooks.py)."""
        from events import hooks

        hooks.topic_resources.connect(_topic_resources, dispatch_uid="outreach-resources")
        hooks.coordinator_dashboard_links.connect(
            _dashboard_links, dispatch_uid="outreach-resources-dashboard"
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def announce_published_talk(sender, *, talk, **kwargs):
    """events.hooks.talk_published: the announcements of the new talk."""
    from outreach.services.announcements import announcement_publish

    announcement_publish(talk=talk)


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from events import hooks

        hooks.talk_published.connect(announce_published_talk, dispatch_uid="outreach.announce")

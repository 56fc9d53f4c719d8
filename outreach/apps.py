from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from events import hooks
        from outreach import receivers

        hooks.talk_published.connect(
            receivers.talk_published, dispatch_uid="outreach.talk_request_published"
        )

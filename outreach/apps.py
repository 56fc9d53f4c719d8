from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        """Answer the events hooks (events/hooks.py): each receiver is one service call.
        They are local functions, so they are held strongly (`weak=False`)."""
        from events import hooks
        from outreach.services import feedback, questions

        def question_links(*, talk, kind, **_ignored):
            return questions.question_email_links(talk=talk, kind=kind)

        def feedback_links(*, talk, count, **_ignored):
            return feedback.feedback_links_issue(talk=talk, count=count)

        def coordinator_links(*, talk, **_ignored):
            return questions.coordinator_talk_links(talk=talk)

        hooks.email_links.connect(
            question_links, weak=False, dispatch_uid="outreach.question_links"
        )
        hooks.thank_you_feedback_links.connect(
            feedback_links, weak=False, dispatch_uid="outreach.feedback_links"
        )
        hooks.coordinator_talk_links.connect(
            coordinator_links, weak=False, dispatch_uid="outreach.coordinator_links"
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        """Answer events' plugin hooks (events/hooks.py): events never imports outreach."""
        from events import hooks
        from outreach.receivers import (
            announcements,
            feedback,
            partners,
            privacy,
            requests,
            resources,
        )

        hooks.talk_published.connect(
            requests.talk_published_request, dispatch_uid="outreach.talk_request_published"
        )
        hooks.talk_published.connect(
            announcements.talk_published_announce, dispatch_uid="outreach.announce"
        )
        hooks.talk_cancelled.connect(
            announcements.talk_cancelled_withdraw, dispatch_uid="outreach.announce_withdraw"
        )
        hooks.talk_cohosts.connect(partners.talk_cohosts_answer, dispatch_uid="outreach.cohosts")
        hooks.coordinator_talk_links.connect(
            partners.coordinator_talk_links_answer, dispatch_uid="outreach.cohost_links"
        )
        hooks.topic_resources.connect(
            resources.topic_resources_answer, dispatch_uid="outreach.resources"
        )
        hooks.coordinator_dashboard_links.connect(
            resources.dashboard_links_answer, dispatch_uid="outreach.resources_dashboard"
        )
        hooks.coordinator_dashboard_links.connect(
            requests.dashboard_links_answer, dispatch_uid="outreach.requests_dashboard"
        )
        hooks.email_links.connect(feedback.question_links_answer, dispatch_uid="outreach.questions")
        hooks.thank_you_feedback_links.connect(
            feedback.feedback_links_answer, dispatch_uid="outreach.feedback_links"
        )
        hooks.coordinator_talk_links.connect(
            feedback.coordinator_links_answer, dispatch_uid="outreach.question_links"
        )
        hooks.person_data_export.connect(
            privacy.person_data_answer, dispatch_uid="outreach.person_data"
        )
        hooks.person_data_forget.connect(
            privacy.person_forget_answer, dispatch_uid="outreach.person_forget"
        )

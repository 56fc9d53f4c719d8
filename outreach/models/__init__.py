"""Outreach's models, one module per part of the programme; each module's names are
re-exported here."""

from outreach.models.announcements import Announcement, Subscriber
from outreach.models.feedback import FeedbackAnswer, FeedbackItem, FeedbackResponse, FeedbackToken
from outreach.models.partners import CoHosting, Partner
from outreach.models.questions import Question, SpeakerLink
from outreach.models.requests import PreferredDate, TalkRequest, TalkRequestChange
from outreach.models.resources import Resource, ResourceKind

__all__ = [
    "Announcement",
    "CoHosting",
    "FeedbackAnswer",
    "FeedbackItem",
    "FeedbackResponse",
    "FeedbackToken",
    "Partner",
    "PreferredDate",
    "Question",
    "Resource",
    "ResourceKind",
    "SpeakerLink",
    "Subscriber",
    "TalkRequest",
    "TalkRequestChange",
]

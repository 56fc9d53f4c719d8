from outreach.models.feedback import FeedbackAnswer, FeedbackItem, FeedbackResponse, FeedbackToken
from outreach.models.questions import Question, SpeakerLink

__all__ = [
    "FeedbackAnswer",
    "FeedbackItem",
    "FeedbackResponse",
    "FeedbackToken",
    "Question",
    "SpeakerLink",
]

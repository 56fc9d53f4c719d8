"""The programme's models, by noun; each module's names are re-exported here."""

from outreach.models.requests import PreferredDate, TalkRequest, TalkRequestChange

__all__ = ["PreferredDate", "TalkRequest", "TalkRequestChange"]

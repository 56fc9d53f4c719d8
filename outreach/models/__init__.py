"""Outreach's models, one module per part of the programme."""

from outreach.models.announcements import Announcement, Subscriber
from outreach.models.partners import CoHosting, Partner

__all__ = ["Announcement", "CoHosting", "Partner", "Subscriber"]

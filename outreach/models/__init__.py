from outreach.models.announcements import Announcement, Subscriber

__all__ = ["Announcement", "Subscriber"]

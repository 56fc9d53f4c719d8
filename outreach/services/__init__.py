"""What outreach does, one module per noun (announcements, feedback, partners, questions,
requests, resources): import from them. `grep "def talk_request_" outreach/services/`
lists everything it can do to a talk request."""

"""What outreach does, by noun: `grep "def talk_request_" outreach/services/` lists
everything it can do to a talk request."""

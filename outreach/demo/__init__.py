"""Demo data for outreach (`manage.py seed_outreach_demo`, run after events' `seed_demo`:
events' command cannot call up into outreach). Every function is idempotent: it adds
what is missing and leaves what exists, so running it twice adds nothing."""

from outreach.demo.feedback import feedback_seed
from outreach.demo.partners import partners_seed, subscribers_seed
from outreach.demo.requests import talk_requests_seed
from outreach.demo.resources import resources_seed

__all__ = [
    "feedback_seed",
    "partners_seed",
    "resources_seed",
    "subscribers_seed",
    "talk_requests_seed",
]

"""Outreach's models, one module per part of the programme."""

from outreach.models.partners import CoHosting, Partner

__all__ = ["CoHosting", "Partner"]

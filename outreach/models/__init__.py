from outreach.models.resources import Resource, ResourceKind

__all__ = ["Resource", "ResourceKind"]

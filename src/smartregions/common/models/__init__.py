from smartregions.common.models.activity import ActivityLogEntry

__all__ = ["ActivityLogEntry"]

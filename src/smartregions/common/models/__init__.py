from smartregions.common.models.activity import ActivityLogEntry
from smartregions.common.models.notification import Notification

__all__ = ["ActivityLogEntry", "Notification"]

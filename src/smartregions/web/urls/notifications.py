"""Web routes: the signed-in user's in-app notifications."""

from django.urls import path

from smartregions.web.views import notifications

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/badge/", notifications.notification_badge, name="notification-badge"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path(
        "notifications/<int:pk>/open/",
        notifications.notification_open,
        name="notification-open",
    ),
]

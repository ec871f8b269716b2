"""Web routes: the organisers' meeting scheduler of an event (meeting sessions, slots, the
grid and meetings, scheduler runs, publication) and the meeting statistics."""

from django.urls import path

from smartregions.web.views.events import scheduling as views

_S = "events/<slug:slug>/scheduling"

urlpatterns = [
    path(f"{_S}/", views.scheduling_page, name="event-scheduling"),
    path(f"{_S}/sessions/new/", views.session_create, name="event-scheduling-session-create"),
    path(
        f"{_S}/sessions/<int:pk>/edit/",
        views.session_edit,
        name="event-scheduling-session-edit",
    ),
    path(
        f"{_S}/sessions/<int:pk>/delete/",
        views.session_delete,
        name="event-scheduling-session-delete",
    ),
    path(
        f"{_S}/sessions/<int:pk>/slots/generate/",
        views.slots_generate,
        name="event-scheduling-slots-generate",
    ),
    path(f"{_S}/sessions/<int:pk>/slots/add/", views.slot_add, name="event-scheduling-slot-add"),
    path(
        f"{_S}/sessions/<int:pk>/slots/<int:slot_pk>/tables/",
        views.slot_tables,
        name="event-scheduling-slot-tables",
    ),
    path(
        f"{_S}/sessions/<int:pk>/slots/<int:slot_pk>/remove/",
        views.slot_remove,
        name="event-scheduling-slot-remove",
    ),
    path(f"{_S}/sessions/<int:pk>/run/", views.run_start, name="event-scheduling-run"),
    path(
        f"{_S}/sessions/<int:pk>/<slug:verb>/",
        views.schedule_publication,
        name="event-scheduling-publication",
    ),
    path(f"{_S}/runs/<int:pk>/status/", views.run_status, name="event-scheduling-run-status"),
    path(f"{_S}/meetings/<int:pk>/move/", views.meeting_move, name="event-scheduling-move"),
    path(
        f"{_S}/meetings/<int:pk>/<slug:verb>/",
        views.meeting_action,
        name="event-scheduling-meeting-action",
    ),
    path("events/<slug:slug>/meeting-stats/", views.meeting_stats, name="event-meeting-stats"),
]

"""Web routes: the programme with personal agendas, the exhibition and the pitches (events)."""

from django.urls import path

from smartregions.web.views.events import exhibition, programme, programme_editor

_EVENT = "events/<slug:slug>"

urlpatterns = [
    path(f"{_EVENT}/programme/", programme.programme, name="event-programme"),
    path(f"{_EVENT}/programme.ics", programme.programme_calendar, name="event-programme-ics"),
    path(
        f"{_EVENT}/programme/manage/",
        programme_editor.programme_manage,
        name="event-programme-manage",
    ),
    path(f"{_EVENT}/programme/rooms/add/", programme_editor.room_add, name="event-room-add"),
    path(f"{_EVENT}/programme/rooms/<int:pk>/", programme_editor.room_edit, name="event-room-edit"),
    path(
        f"{_EVENT}/programme/rooms/<int:pk>/delete/",
        programme_editor.room_delete,
        name="event-room-delete",
    ),
    path(
        f"{_EVENT}/programme/sessions/add/", programme_editor.session_add, name="event-session-add"
    ),
    path(
        f"{_EVENT}/programme/sessions/<int:pk>/",
        programme_editor.session_edit,
        name="event-session-edit",
    ),
    path(
        f"{_EVENT}/programme/sessions/<int:pk>/delete/",
        programme_editor.session_delete,
        name="event-session-delete",
    ),
    path(
        f"{_EVENT}/programme/sessions/<int:pk>/speakers/add/",
        programme_editor.speaker_add,
        name="event-speaker-add",
    ),
    path(
        f"{_EVENT}/programme/speakers/<int:pk>/delete/",
        programme_editor.speaker_delete,
        name="event-speaker-delete",
    ),
    path(f"{_EVENT}/agenda/", programme.agenda, name="event-agenda"),
    path(
        f"{_EVENT}/agenda/sessions/<int:pk>/<slug:verb>/",
        programme.agenda_change,
        name="event-agenda-change",
    ),
    path(f"{_EVENT}/agenda/feed/<str:token>.ics", programme.agenda_feed, name="event-agenda-feed"),
    path(f"{_EVENT}/exhibition/", exhibition.exhibition, name="event-exhibition"),
    path(f"{_EVENT}/exhibition/stands/add/", exhibition.stand_add, name="event-stand-add"),
    path(f"{_EVENT}/exhibition/stands/<int:pk>/", exhibition.stand_edit, name="event-stand-edit"),
    path(
        f"{_EVENT}/exhibition/stands/<int:pk>/delete/",
        exhibition.stand_delete,
        name="event-stand-delete",
    ),
    path(f"{_EVENT}/exhibition/book/", exhibition.booking_create, name="event-booking-create"),
    path(
        f"{_EVENT}/exhibition/bookings/<int:pk>/edit/",
        exhibition.booking_edit,
        name="event-booking-edit",
    ),
    path(
        f"{_EVENT}/exhibition/bookings/<int:pk>/<slug:verb>/",
        exhibition.booking_action,
        name="event-booking-action",
    ),
    path(
        f"{_EVENT}/exhibition/exhibitors/<int:pk>/",
        exhibition.exhibitor,
        name="event-exhibitor",
    ),
    path(f"{_EVENT}/pitches/", exhibition.pitches, name="event-pitches"),
    path(f"{_EVENT}/pitches/apply/", exhibition.pitch_apply, name="event-pitch-apply"),
    path(
        f"{_EVENT}/pitches/<int:pk>/<slug:verb>/",
        exhibition.pitch_action,
        name="event-pitch-action",
    ),
]

"""Web routes: events (calendar, event pages, event editor, registration)."""

from django.urls import path

from smartregions.web.views.events import calendar, registration

urlpatterns = [
    # Calendar, event pages and the event editor.
    path("events/", calendar.event_list, name="event-list"),
    path("events/calendar.ics", calendar.calendar_feed, name="event-calendar-ics"),
    path("events/new/", calendar.event_create, name="event-create"),
    path("events/mine/", registration.registration_mine, name="event-my-registrations"),
    path("events/<slug:slug>/", calendar.event_detail, name="event-detail"),
    path("events/<slug:slug>/event.ics", calendar.event_ics, name="event-ics"),
    path("events/<slug:slug>/edit/", calendar.event_edit, name="event-edit"),
    path(
        "events/<slug:slug>/status/<slug:verb>/",
        calendar.event_transition,
        name="event-transition",
    ),
    path("events/<slug:slug>/organisers/add/", calendar.organiser_add, name="event-organiser-add"),
    path(
        "events/<slug:slug>/organisers/<int:user_pk>/remove/",
        calendar.organiser_remove,
        name="event-organiser-remove",
    ),
    # Registration.
    path("events/<slug:slug>/register/", registration.event_register, name="event-register"),
    path(
        "events/<slug:slug>/register/cancel/",
        registration.registration_cancel,
        name="event-registration-cancel",
    ),
    path(
        "events/<slug:slug>/registrations/",
        registration.event_registrations,
        name="event-registrations",
    ),
    path(
        "events/<slug:slug>/registrations/export.<slug:fmt>",
        registration.registrations_export,
        name="event-registrations-export",
    ),
    path(
        "events/<slug:slug>/registrations/badges.pdf",
        registration.registrations_badges,
        name="event-badges",
    ),
    path(
        "events/<slug:slug>/registrations/<int:pk>/<slug:verb>/",
        registration.registration_action,
        name="event-registration-action",
    ),
    path("events/<slug:slug>/questions/", registration.event_questions, name="event-questions"),
    path(
        "events/<slug:slug>/questions/<int:pk>/",
        registration.question_edit,
        name="event-question-edit",
    ),
    path(
        "events/<slug:slug>/questions/<int:pk>/<slug:verb>/",
        registration.question_change,
        name="event-question-change",
    ),
]

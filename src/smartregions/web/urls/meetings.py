"""Web routes: B2B meetings of an event, participant side (profile, directory, suggestions,
requests, availability, meetings, agenda) and the organisers' attendance lists."""

from django.urls import path

from smartregions.web.views.events.meetings import agenda, meeting, participants, requests

_M = "events/<slug:slug>/meetings"

urlpatterns = [
    path(f"{_M}/", participants.meetings_home, name="event-meetings"),
    path(f"{_M}/profile/", participants.profile_edit, name="event-meetings-profile"),
    path(f"{_M}/participants/", participants.participant_directory, name="event-participants"),
    path(f"{_M}/participants/<int:pk>/", participants.participant_detail, name="event-participant"),
    path(
        f"{_M}/participants/<int:pk>/request/",
        requests.request_send,
        name="event-meeting-request-send",
    ),
    path(f"{_M}/suggestions/", participants.suggestions, name="event-meeting-suggestions"),
    path(
        f"{_M}/requests/<int:pk>/<slug:verb>/",
        requests.request_action,
        name="event-meeting-request-action",
    ),
    path(
        f"{_M}/sessions/<int:session_pk>/availability/",
        requests.availability_edit,
        name="event-meeting-availability",
    ),
    path(
        f"{_M}/sessions/<int:session_pk>/attendance/",
        meeting.session_attendance,
        name="event-meeting-attendance-list",
    ),
    path(f"{_M}/mine/", agenda.my_meetings, name="event-my-meetings"),
    path(f"{_M}/mine.pdf", agenda.my_meetings_pdf, name="event-my-meetings-pdf"),
    path(f"{_M}/mine.ics", agenda.my_meetings_ics, name="event-my-meetings-ics"),
    path(f"{_M}/<int:pk>/", meeting.meeting_detail, name="event-meeting"),
    path(f"{_M}/<int:pk>/pick/", meeting.meeting_pick, name="event-meeting-pick"),
    path(f"{_M}/<int:pk>/check-in/", meeting.meeting_check_in, name="event-meeting-check-in"),
    path(f"{_M}/<int:pk>/attendance/", meeting.meeting_attendance, name="event-meeting-attendance"),
    path(f"{_M}/<int:pk>/outcome/", meeting.meeting_outcome, name="event-meeting-outcome"),
]

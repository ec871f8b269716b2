"""Web routes: table discussions of an event, rapporteurs' notes and harvesting.

Everything lives below ``events/<slug>/discussions/`` and ``events/<slug>/harvest/``; changes
are POSTed to ``.../change/<verb>/`` of the object they change.
"""

from django.urls import path

from smartregions.web.views.events.discussions import harvest, notes, pages, setup

_EVENT = "events/<slug:slug>"

urlpatterns = [
    path(f"{_EVENT}/discussions/", pages.discussions, name="event-discussions"),
    path(f"{_EVENT}/discussions/signup/", pages.discussion_signup, name="event-discussions-signup"),
    path(f"{_EVENT}/discussions/leave/", pages.discussion_leave, name="event-discussions-leave"),
    path(
        f"{_EVENT}/discussions/rounds/new/",
        pages.discussion_round_create,
        name="event-discussion-round-create",
    ),
    path(
        f"{_EVENT}/discussions/rounds/<int:pk>/",
        setup.discussion_round,
        name="event-discussion-round",
    ),
    path(
        f"{_EVENT}/discussions/rounds/<int:pk>/change/<slug:verb>/",
        setup.discussion_round_change,
        name="event-discussion-round-change",
    ),
    path(
        f"{_EVENT}/discussions/tables/<int:pk>/",
        setup.discussion_table,
        name="event-discussion-table",
    ),
    path(
        f"{_EVENT}/discussions/tables/<int:pk>/change/<slug:verb>/",
        setup.discussion_table_change,
        name="event-discussion-table-change",
    ),
    path(
        f"{_EVENT}/discussions/tables/<int:pk>/notes/",
        notes.table_notes,
        name="event-table-notes",
    ),
    path(
        f"{_EVENT}/discussions/tables/<int:pk>/notes/<slug:verb>/",
        notes.table_notes_change,
        name="event-table-notes-change",
    ),
    path(f"{_EVENT}/harvest/", harvest.harvest, name="event-harvest"),
    path(
        f"{_EVENT}/harvest/change/<slug:verb>/",
        harvest.harvest_change,
        name="event-harvest-change",
    ),
    path(
        f"{_EVENT}/harvest/conclusions/<int:pk>/",
        harvest.conclusion_detail,
        name="event-conclusion",
    ),
    path(
        f"{_EVENT}/harvest/conclusions/<int:pk>/change/<slug:verb>/",
        harvest.conclusion_change,
        name="event-conclusion-change",
    ),
    path(
        f"{_EVENT}/harvest/report.<slug:fmt>",
        harvest.conclusions_report,
        name="event-conclusions-report",
    ),
]

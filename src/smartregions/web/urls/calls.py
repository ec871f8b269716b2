"""Web routes: calls (list, page, Q&A, editor) and applications (workspace, consortium, files)."""

from django.urls import path

from smartregions.web.views.calls import applications, calls, consortium, setup

urlpatterns = [
    path("calls/", calls.call_list, name="call-list"),
    path("calls/new/", calls.call_create, name="call-create"),
    path("calls/<slug:slug>/", calls.call_detail, name="call-detail"),
    path("calls/<slug:slug>/edit/", calls.call_edit, name="call-edit"),
    path("calls/<slug:slug>/status/<slug:verb>/", calls.call_transition, name="call-transition"),
    path("calls/<slug:slug>/questions/ask/", calls.question_ask, name="call-question-ask"),
    path(
        "calls/<slug:slug>/questions/<int:pk>/answer/",
        calls.question_answer,
        name="call-question-answer",
    ),
    path("calls/<slug:slug>/fields/add/", setup.field_add, name="call-field-add"),
    path("calls/<slug:slug>/fields/<int:pk>/", setup.field_edit, name="call-field-edit"),
    path(
        "calls/<slug:slug>/fields/<int:pk>/<slug:verb>/",
        setup.field_change,
        name="call-field-change",
    ),
    path("calls/<slug:slug>/criteria/add/", setup.criterion_add, name="call-criterion-add"),
    path("calls/<slug:slug>/criteria/<int:pk>/", setup.criterion_edit, name="call-criterion-edit"),
    path(
        "calls/<slug:slug>/criteria/<int:pk>/<slug:verb>/",
        setup.criterion_change,
        name="call-criterion-change",
    ),
    path("calls/<slug:slug>/cutoffs/add/", setup.cutoff_add, name="call-cutoff-add"),
    path(
        "calls/<slug:slug>/cutoffs/<int:pk>/delete/",
        setup.cutoff_delete,
        name="call-cutoff-delete",
    ),
    path("calls/<slug:slug>/apply/", applications.application_start, name="application-start"),
    path("applications/", applications.application_list, name="application-list"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application-edit"),
    path(
        "applications/<int:pk>/eligibility/",
        applications.application_eligibility,
        name="application-eligibility",
    ),
    path(
        "applications/<int:pk>/submit/", applications.application_submit, name="application-submit"
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/invite/", consortium.co_applicant_invite, name="application-invite"
    ),
    path(
        "applications/<int:pk>/co-applicants/<int:co_pk>/<slug:verb>/",
        consortium.co_applicant_action,
        name="co-applicant-action",
    ),
    path(
        "applications/<int:pk>/attachments/upload/",
        consortium.attachment_upload,
        name="attachment-upload",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/download/",
        consortium.attachment_download,
        name="attachment-download",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/delete/",
        consortium.attachment_delete,
        name="attachment-delete",
    ),
]

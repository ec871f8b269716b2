"""REST endpoints of calls and applications.

Calls (``/api/v1/calls/``) with their form fields, criteria, cut-offs and questions are
readable by everyone once published; staff create, edit, publish and close them. Applications
(``/api/v1/applications/``) with their co-applicants and attachments are private to their
applicants, co-applicants and (once submitted) platform staff. Writes and workflow verbs call
the same domain functions as the web pages.
"""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from smartregions.api.v1.calls.applications import (
    ApplicationViewSet,
    AttachmentViewSet,
    CoApplicantViewSet,
)
from smartregions.api.v1.calls.calls import (
    CallFieldViewSet,
    CallViewSet,
    CriterionViewSet,
    CutoffViewSet,
    QuestionViewSet,
)

urlpatterns: list = []

_CALL = r"calls/(?P<call_slug>[-a-zA-Z0-9_]+)"
_APPLICATION = r"applications/(?P<application_pk>[0-9]+)"


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register("calls", CallViewSet, basename="calls-call")
    router.register(f"{_CALL}/fields", CallFieldViewSet, basename="calls-field")
    router.register(f"{_CALL}/criteria", CriterionViewSet, basename="calls-criterion")
    router.register(f"{_CALL}/cutoffs", CutoffViewSet, basename="calls-cutoff")
    router.register(f"{_CALL}/questions", QuestionViewSet, basename="calls-question")
    router.register("applications", ApplicationViewSet, basename="calls-application")
    router.register(
        f"{_APPLICATION}/co-applicants", CoApplicantViewSet, basename="calls-co-applicant"
    )
    router.register(f"{_APPLICATION}/attachments", AttachmentViewSet, basename="calls-attachment")

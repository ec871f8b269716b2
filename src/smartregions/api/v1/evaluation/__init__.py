"""REST endpoints of the evaluation: the expert pool, call panels and rankings, assignments
(by hand and the automatic verb), reviews (the expert's: list mine, read, declare, save
scores, submit, recuse) and an application's evaluation with the consensus and decision verbs.
Everything is private: :mod:`smartregions.calls.rules.evaluation` decides who sees what, and
an expert reads applications blinded when the call says so."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from smartregions.api.v1.evaluation.experts import EvaluationExpertViewSet
from smartregions.api.v1.evaluation.reviews import ReviewViewSet
from smartregions.api.v1.evaluation.staff import (
    EvaluationApplicationViewSet,
    EvaluationCallViewSet,
    ReviewAssignmentViewSet,
)

urlpatterns: list = []


def register(router: DefaultRouter) -> None:
    """Register this area's viewsets on the v1 router."""
    router.register("evaluation/experts", EvaluationExpertViewSet, basename="evaluation-expert")
    router.register("evaluation/reviews", ReviewViewSet, basename="evaluation-review")
    router.register(
        "evaluation/assignments", ReviewAssignmentViewSet, basename="evaluation-assignment"
    )
    router.register("evaluation/calls", EvaluationCallViewSet, basename="evaluation-call")
    router.register(
        "evaluation/applications", EvaluationApplicationViewSet, basename="evaluation-application"
    )

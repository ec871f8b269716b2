from smartregions.calls.models.application import (
    Application,
    ApplicationStatusChange,
    ApplicationSubmission,
    Attachment,
    CoApplicant,
)
from smartregions.calls.models.call import Call, CallCutoff, CallField, CallQuestion, Criterion
from smartregions.calls.models.evaluation import Decision, Expert, PanelConsensus, Review, Score

__all__ = [
    "Application",
    "ApplicationStatusChange",
    "ApplicationSubmission",
    "Attachment",
    "Call",
    "CallCutoff",
    "CallField",
    "CallQuestion",
    "CoApplicant",
    "Criterion",
    "Decision",
    "Expert",
    "PanelConsensus",
    "Review",
    "Score",
]

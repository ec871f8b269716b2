"""Routes of the evaluation pages: expert pool, reviews, call boards, application evaluation."""

from django.urls import path

from smartregions.web.views.evaluation import board, experts, reviews

urlpatterns = [
    path("evaluation/", board.index, name="evaluation"),
    path("evaluation/experts/", experts.expert_list, name="evaluation-experts"),
    path("evaluation/experts/new/", experts.expert_create, name="evaluation-expert-create"),
    path("evaluation/experts/<int:pk>/", experts.expert_edit, name="evaluation-expert-edit"),
    path(
        "evaluation/experts/<int:pk>/<slug:verb>/",
        experts.expert_status,
        name="evaluation-expert-status",
    ),
    path("evaluation/reviews/", reviews.my_reviews, name="evaluation-my-reviews"),
    path("evaluation/reviews/<int:pk>/", reviews.review_detail, name="evaluation-review"),
    path(
        "evaluation/reviews/<int:pk>/files/<int:attachment>/",
        reviews.review_attachment,
        name="evaluation-review-attachment",
    ),
    path(
        "evaluation/reviews/<int:pk>/<slug:verb>/",
        reviews.review_action,
        name="evaluation-review-action",
    ),
    path("evaluation/calls/<slug:slug>/", board.call_board, name="evaluation-call"),
    path(
        "evaluation/calls/<slug:slug>/<slug:verb>/",
        board.call_action,
        name="evaluation-call-action",
    ),
    path(
        "evaluation/applications/<int:pk>/",
        board.application_page,
        name="evaluation-application",
    ),
    path(
        "evaluation/applications/<int:pk>/<slug:verb>/",
        board.application_action,
        name="evaluation-application-action",
    ),
]

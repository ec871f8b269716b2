"""Routes of the investment pipeline: the board, scoped pipelines, projects and their changes."""

from django.urls import path

from smartregions.web.views.pipeline import board, projects

urlpatterns = [
    path("pipeline/", board.board, name="pipeline-board"),
    path("pipeline/export.<str:fmt>", board.export, name="pipeline-export"),
    path("pipeline/platforms/<slug:slug>/", board.platform_pipeline, name="pipeline-platform"),
    path("pipeline/regions/<str:code>/", board.region_pipeline, name="pipeline-region"),
    path(
        "partnerships/<slug:slug>/pipeline/",
        board.partnership_pipeline,
        name="partnership-pipeline",
    ),
    path(
        "partnerships/<slug:slug>/pipeline/new/",
        projects.project_create,
        name="partnership-project-create",
    ),
    path("projects/new/", projects.project_create, name="project-create"),
    path("projects/<int:pk>/", projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/delete/", projects.project_delete, name="project-delete"),
    path("projects/<int:pk>/move/", projects.project_move, name="project-move"),
    path("projects/<int:pk>/funding/", projects.funding_set, name="project-funding"),
    path(
        "projects/<int:pk>/funding/<int:line>/remove/",
        projects.funding_remove,
        name="project-funding-remove",
    ),
]

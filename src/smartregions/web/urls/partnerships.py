"""Web routes: partnerships (members, join requests, stages, expert team) and action plans.

Fixed paths come before ``partnerships/<slug>/``; those words are reserved slugs
(:data:`~smartregions.partnerships.domain.partnerships.RESERVED_SLUGS`). Every path below a
partnership is explicit, so the pipeline and report pages of other modules can live next to
them (``partnerships/<slug>/pipeline/``, ``.../reports/``).
"""

from django.urls import path

from smartregions.web.views.partnerships import members, pages, plans, stages

urlpatterns = [
    path("partnerships/", pages.partnership_list, name="partnership-list"),
    path("partnerships/mine/", pages.partnership_mine, name="partnership-mine"),
    path("partnerships/new/", pages.partnership_create, name="partnership-create"),
    path(
        "partnerships/from-application/<int:pk>/",
        pages.partnership_from_application,
        name="partnership-from-application",
    ),
    path(
        "partnerships/join-requests/<int:pk>/<slug:verb>/",
        members.join_request_decide,
        name="partnership-join-request",
    ),
    path("partnerships/<slug:slug>/", pages.partnership_detail, name="partnership-detail"),
    path("partnerships/<slug:slug>/edit/", pages.partnership_edit, name="partnership-edit"),
    path(
        "partnerships/<slug:slug>/status/<slug:verb>/",
        pages.partnership_status,
        name="partnership-status",
    ),
    path(
        "partnerships/<slug:slug>/members/",
        members.partnership_members,
        name="partnership-members",
    ),
    path(
        "partnerships/<slug:slug>/members/<slug:verb>/",
        members.member_change,
        name="partnership-member-change",
    ),
    path("partnerships/<slug:slug>/join/", members.partnership_join, name="partnership-join"),
    path(
        "partnerships/<slug:slug>/stages/next/",
        stages.stage_next,
        name="partnership-stage-next",
    ),
    path(
        "partnerships/<slug:slug>/stages/<slug:stage>/",
        stages.stage_detail,
        name="partnership-stage",
    ),
    path(
        "partnerships/<slug:slug>/experts/",
        stages.partnership_experts,
        name="partnership-experts",
    ),
    path(
        "partnerships/<slug:slug>/experts/<int:pk>/remove/",
        stages.expert_remove,
        name="partnership-expert-remove",
    ),
    path("partnerships/<slug:slug>/plan/", plans.partnership_plan, name="partnership-plan"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/change/<slug:verb>/", plans.plan_change, name="plan-change"),
    path("plans/<int:pk>/actions/<int:action_pk>/", plans.action_edit, name="plan-action"),
    path("plans/<int:pk>/funding/<int:item_pk>/", plans.funding_edit, name="plan-funding"),
    path("transition-plans/", plans.region_plan_list, name="region-plans"),
    path(
        "transition-plans/<str:code>/start/",
        plans.region_plan_start,
        name="region-plan-start",
    ),
]

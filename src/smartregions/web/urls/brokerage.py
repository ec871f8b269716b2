"""Routes of the brokerage (TIBS) pages."""

from django.urls import path

from smartregions.web.views.brokerage import cases, groups

urlpatterns = [
    path("brokerage/", cases.dashboard, name="brokerage-dashboard"),
    path("brokerage/brokers/", cases.broker_list, name="brokerage-brokers"),
    path("brokerage/brokers/register/", cases.broker_register, name="brokerage-broker-register"),
    path(
        "brokerage/brokers/<int:pk>/<str:verb>/",
        cases.broker_set_status,
        name="brokerage-broker-status",
    ),
    path("brokerage/request/", cases.case_request, name="brokerage-request"),
    path("brokerage/cases/", cases.case_list, name="brokerage-cases"),
    path("brokerage/cases/<int:pk>/", cases.case_detail, name="brokerage-case"),
    path(
        "brokerage/cases/<int:pk>/<slug:verb>/",
        cases.case_transition,
        name="brokerage-case-transition",
    ),
    path(
        "brokerage/referrals/<int:pk>/<str:verb>/",
        cases.referral_answer,
        name="brokerage-referral-answer",
    ),
    path("brokerage/groups/", groups.group_list, name="brokerage-groups"),
    path("brokerage/groups/new/", groups.group_create, name="brokerage-group-create"),
    path("brokerage/groups/<int:pk>/", groups.group_detail, name="brokerage-group"),
    path(
        "brokerage/groups/<int:pk>/change/<slug:verb>/",
        groups.group_change,
        name="brokerage-group-change",
    ),
    path(
        "brokerage/groups/<int:pk>/strategy/<slug:verb>/",
        groups.strategy_change,
        name="brokerage-strategy-change",
    ),
    path(
        "brokerage/groups/<int:pk>/export.<str:fmt>",
        groups.strategy_export,
        name="brokerage-strategy-export",
    ),
]

"""Progress reports: a partnership's reports, one report (draft, submit, review), the list of
reports the user may read, and their PDF, CSV and XLSX downloads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from smartregions.brokerage.enums import FundingSource
from smartregions.partnerships.domain.monitoring import reports as report_domain
from smartregions.partnerships.domain.monitoring.exports import TABLE_FORMATS, export_reports
from smartregions.partnerships.domain.monitoring.indicators import (
    report_indicators,
    report_period,
)
from smartregions.partnerships.domain.monitoring.pdf import partnership_pdf, report_pdf
from smartregions.partnerships.domain.monitoring.periods import ReportPeriod, period_containing
from smartregions.partnerships.domain.monitoring.states import (
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    accepts_partner_work,
)
from smartregions.partnerships.domain.queries.monitoring import (
    filter_reports,
    partnerships_for_monitoring,
    report_history,
    reports_with_details,
    visible_reports,
)
from smartregions.partnerships.domain.queries.monitoring import (
    partnership_reports as reports_of,
)
from smartregions.partnerships.domain.queries.partnerships import visible_partnerships
from smartregions.partnerships.enums import (
    MemberRole,
    PartnershipStatus,
    ProjectStage,
    ReminderKind,
    ReportStatus,
)
from smartregions.partnerships.forms.monitoring import (
    ReportFilterForm,
    ReportForm,
    ReviewForm,
    StartReportForm,
)
from smartregions.partnerships.models import Partnership, ProgressReport
from smartregions.web.views.helpers import (
    add_domain_errors,
    check_permission,
    paginate,
    query_without_page,
    render_page_or_partial,
    wants_partial,
)

REPORTS_PER_PAGE = 50
PDF = "application/pdf"


@dataclass(frozen=True)
class ReportLine:
    """A report as a table row shows it: with its period and whether it is overdue."""

    report: ProgressReport
    period: ReportPeriod
    overdue: bool


def _line(report: ProgressReport, today: dt.date) -> ReportLine:
    overdue = report.status in EDITABLE_STATUSES and report.due_date < today
    return ReportLine(report=report, period=report_period(report), overdue=overdue)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _login(request: HttpRequest) -> HttpResponse | None:
    """The login redirect for anonymous visitors (reports are private), else ``None``."""
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path())


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _partnership(request: HttpRequest, slug: str) -> Partnership:
    """The partnership ``slug``, with what the report rules read, if the user may see it.

    Anyone else gets a 404 (not a 403 or a login page) whether or not it exists, so the reports
    pages do not reveal which forming partnerships exist.
    """
    visible = visible_partnerships(request.user).values("pk")
    return get_object_or_404(partnerships_for_monitoring().filter(pk__in=visible), slug=slug)


def _startable_periods(partnership: Partnership, reports: list[ProgressReport]) -> list:
    """The last and the current period, where the partnership has no report yet and was
    launched by the period's end (what ``start_report`` accepts)."""
    if partnership.status != PartnershipStatus.ACTIVE or partnership.launched_at is None:
        return []
    current = period_containing(timezone.localdate())
    taken = {r.period_start for r in reports}
    launched = timezone.localdate(partnership.launched_at)
    return [
        period
        for period in (current.previous(), current)
        if period.start not in taken and launched <= period.end
    ]


def partnership_reports(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's progress reports, newest first, with downloads; leaders (and staff)
    may open the report of the last or current period if the daily task has not yet."""
    partnership = _partnership(request, slug)
    if (login := check_permission(request, "partnerships.view_reports", partnership)) is not None:
        return login
    reports = list(reports_of(partnership))
    today = timezone.localdate()
    can_start = request.user.has_perm("partnerships.start_report", partnership)
    context = {
        "partnership": partnership,
        "lines": [_line(r, today) for r in reports],
        "startable": _startable_periods(partnership, reports) if can_start else [],
        "formats": [*TABLE_FORMATS, "pdf"],
    }
    return render(request, "web/monitoring/partnership_reports.html", context)


def report_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Open the report of one period (POST, leaders and staff)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    partnership = _partnership(request, slug)
    if (login := check_permission(request, "partnerships.start_report", partnership)) is not None:
        return login
    form = StartReportForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        report = report_domain.start_report(
            actor=request.user, partnership=partnership, **form.cleaned_data
        )
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect("web:partnership-reports", slug=partnership.slug)
    messages.success(request, _("The report for %s is open.") % report_period(report).label)
    return redirect("web:report-detail", pk=report.pk)


def partnership_reports_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The partnership's reports as CSV or XLSX, or its monitoring summary as PDF."""
    if fmt not in (*TABLE_FORMATS, "pdf"):
        raise Http404
    partnership = _partnership(request, slug)
    if (login := check_permission(request, "partnerships.view_reports", partnership)) is not None:
        return login
    reports = reports_of(partnership)
    if fmt == "pdf":
        content = partnership_pdf(partnership, list(reports))
        return _download(content, PDF, f"monitoring-{partnership.slug}.pdf")
    export = export_reports(
        reports.order_by("period_start"), format=fmt, stem=f"progress-reports-{partnership.slug}"
    )
    return _download(export.content, export.content_type, export.filename)


def _report_for(request: HttpRequest, pk: int, perm: str) -> ProgressReport:
    report = get_object_or_404(reports_with_details(), pk=pk)
    if not request.user.has_perm(perm, report):
        raise PermissionDenied
    return report


def indicator_display(indicators: dict[str, Any]) -> dict[str, Any]:
    """The indicator block as the templates show it: labelled rows, amounts as decimals."""
    members, projects = indicators["members"], indicators["projects"]
    secured = indicators["funding_secured"]
    return {
        "as_of": dt.datetime.fromisoformat(indicators["as_of"]),
        "members_total": members["total"],
        "member_rows": [
            (MemberRole(role).label, members["by_role"].get(role, 0)) for role in MemberRole.values
        ],
        "organisations": members["organisations"],
        "regions": members["regions"],
        "countries": members["countries"],
        "projects_total": projects["total"],
        "stage_rows": [
            (ProjectStage(stage).label, projects["by_stage"].get(stage, 0))
            for stage in ProjectStage.values
        ],
        "budget": Decimal(projects["budget"]),
        "created_in_period": projects["created_in_period"],
        "funded_in_period": projects["funded_in_period"],
        "source_rows": [
            (FundingSource(source).label, Decimal(secured["by_source"].get(source, "0")))
            for source in FundingSource.values
        ],
        "secured_total": Decimal(secured["total"]),
        "secured_millions": Decimal(secured["total"]) / Decimal(1_000_000),
        "events_held": indicators["events_held"],
    }


_HISTORY_LABELS = {
    "report.open": _lazy("Opened for drafting"),
    "report.update": _lazy("Draft saved"),
    "report.submit": _lazy("Submitted for review"),
    "report.accept": _lazy("Accepted"),
    "report.request_changes": _lazy("Changes requested"),
    "report.remind": _lazy("Reminder sent"),
}


def _history_rows(report: ProgressReport) -> list[tuple[Any, str, Any, str]]:
    """(when, what, who, detail) of each activity-log entry about the report."""
    rows = []
    for entry in report_history(report):
        detail = entry.data.get("comment", "")
        if entry.action == "report.remind":
            detail = ReminderKind(entry.data["kind"]).label
        rows.append(
            (
                entry.timestamp,
                str(_HISTORY_LABELS.get(entry.action, entry.action)),
                entry.actor,
                detail,
            )
        )
    return rows


def _detail_context(
    request: HttpRequest, report: ProgressReport, *, form: ReportForm | None = None
) -> dict[str, Any]:
    user = request.user
    editable = accepts_partner_work(report)
    can_edit = editable and user.has_perm("partnerships.edit_report", report)
    if form is None and can_edit:
        form = ReportForm(
            initial={
                name: getattr(report, name)
                for name in ("events_held", "achievements", "results", "challenges", "next_steps")
            }
        )
    return {
        "report": report,
        "line": _line(report, timezone.localdate()),
        "ind": indicator_display(report_indicators(report)),
        "frozen": report.status in FROZEN_STATUSES,
        "can_edit": can_edit,
        "can_submit": editable and user.has_perm("partnerships.submit_report", report),
        "can_review": report.status == ReportStatus.SUBMITTED
        and user.has_perm("partnerships.review_report", report),
        "form": form,
        "review_form": ReviewForm(),
        "history": _history_rows(report),
    }


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One progress report: its indicators (live while drafting, frozen once submitted), the
    narrative (a form for the leaders while it is editable), submit and review buttons, its
    history."""
    if (login := _login(request)) is not None:
        return login
    report = _report_for(request, pk, "partnerships.view_report")
    return render(request, "web/monitoring/report.html", _detail_context(request, report))


def report_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the leaders' part of an editable report (POST). With htmx only the form is swapped
    (with its errors or a "saved" note); without, the page is shown again or redirected."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if (login := _login(request)) is not None:
        return login
    report = _report_for(request, pk, "partnerships.edit_report")
    form = ReportForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            report_domain.update_report(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            saved = True
    if wants_partial(request):
        context = {"report": report, "form": form, "can_edit": True, "saved": saved}
        return render(request, "web/monitoring/_report_form.html", context)
    if saved:
        messages.success(request, _("The report was saved."))
        return redirect("web:report-detail", pk=report.pk)
    return render(
        request, "web/monitoring/report.html", _detail_context(request, report, form=form)
    )


_VERBS = {
    "submit": ("partnerships.submit_report", _lazy("The report was submitted for review.")),
    "accept": ("partnerships.review_report", _lazy("The report was accepted.")),
    "request-changes": ("partnerships.review_report", _lazy("The report was sent back.")),
}


def report_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """POST a workflow verb on a report: submit (leaders), accept or request-changes (staff)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if verb not in _VERBS:
        raise Http404
    perm, done = _VERBS[verb]
    if (login := _login(request)) is not None:
        return login
    report = _report_for(request, pk, perm)
    review = ReviewForm(request.POST)
    review.is_valid()
    comment = review.cleaned_data.get("comment", "")
    try:
        if verb == "submit":
            report_domain.submit_report(actor=request.user, report=report)
        elif verb == "accept":
            report_domain.accept_report(actor=request.user, report=report, comment=comment)
        else:
            report_domain.request_report_changes(actor=request.user, report=report, comment=comment)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, str(done))
    return redirect("web:report-detail", pk=report.pk)


def report_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """One progress report as PDF."""
    if (login := _login(request)) is not None:
        return login
    report = _report_for(request, pk, "partnerships.view_report")
    filename = f"progress-report-{report.partnership.slug}-{report_period(report).code}.pdf"
    return _download(report_pdf(report), PDF, filename)


def _filtered(request: HttpRequest) -> tuple[ReportFilterForm, Any]:
    form = ReportFilterForm(request.GET or None)
    criteria: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = {
            "status": data["status"],
            "period": data["period"],
            "platform": data["platform"].slug if data["platform"] else "",
            "overdue": data["overdue"],
        }
    reports = visible_reports(request.user).order_by("-period_start", "partnership__name", "id")
    return form, filter_reports(reports, **criteria)


def report_list(request: HttpRequest) -> HttpResponse:
    """The reports the user may read (all for staff), filtered and paged; htmx swaps the
    results when a filter changes."""
    if (login := _login(request)) is not None:
        return login
    form, reports = _filtered(request)
    page = paginate(request, reports, REPORTS_PER_PAGE)
    today = timezone.localdate()
    context = {
        "form": form,
        "page": page,
        "lines": [_line(r, today) for r in page.object_list],
        "query": query_without_page(request),
        "export_query": query_without_page(request),
        "formats": list(TABLE_FORMATS),
    }
    return render_page_or_partial(
        request,
        page="web/monitoring/report_list.html",
        partial="web/monitoring/_report_results.html",
        context=context,
    )


def report_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered report list as CSV or XLSX, with every indicator (one row per report)."""
    if fmt not in TABLE_FORMATS:
        raise Http404
    if (login := _login(request)) is not None:
        return login
    _form, reports = _filtered(request)
    export = export_reports(reports, format=fmt)
    return _download(export.content, export.content_type, export.filename)

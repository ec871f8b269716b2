"""PDF reports (:mod:`smartregions.common.pdf`): a progress report, a partnership's monitoring
summary, and the platform's monitoring report. All read only.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.common.pdf import PdfDocument
from smartregions.partnerships.domain.monitoring.dashboard import (
    PartnershipRow,
    PlatformDashboard,
)
from smartregions.partnerships.domain.monitoring.indicators import (
    indicators_json,
    partnership_figures,
    report_indicators,
    report_period,
)
from smartregions.partnerships.domain.monitoring.periods import period_containing
from smartregions.partnerships.domain.monitoring.states import FROZEN_STATUSES
from smartregions.partnerships.enums import (
    MemberRole,
    PartnershipStatus,
    ProjectStage,
    ReportStatus,
)
from smartregions.partnerships.models import Partnership, ProgressReport, Project

#: Longest text in a PDF table cell; fpdf cannot split a table row across pages.
PDF_CELL_LIMIT = 200


def eur(value: Decimal | str | None) -> str:
    """An amount as ``1,234,567 EUR`` (whole euros)."""
    return "" if value is None else f"{Decimal(value):,.0f} EUR"


def _cell(text: str) -> str:
    return text if len(text) <= PDF_CELL_LIMIT else text[: PDF_CELL_LIMIT - 1].rstrip() + "…"


def _when(value: Any) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value else "-"


def projects_with_secured(partnership: Partnership) -> QuerySet[Project]:
    """The partnership's projects with lead region and their secured funding (one query)."""
    return (
        Project.objects.filter(partnership=partnership)
        .select_related("lead_region")
        .annotate(secured=Sum("funding__amount", filter=Q(funding__status=FundingStatus.SECURED)))
        .order_by("title", "id")
    )


def _indicator_sections(doc: PdfDocument, indicators: dict[str, Any]) -> None:
    members, projects = indicators["members"], indicators["projects"]
    secured = indicators["funding_secured"]
    doc.heading(_("Members"), level=2)
    doc.table(
        [_("Role"), _("Members")],
        [
            [MemberRole(role).label, str(count)]
            for role, count in members["by_role"].items()
            if role in MemberRole.values
        ]
        + [[_("Total"), str(members["total"])]],
        widths=(3, 1),
    )
    regions = [f"{r['name']} ({r['code']}, {r['country']})" for r in members["regions"]]
    doc.paragraph(
        _(
            "Regions: %(regions)s. Member organisations: %(organisations)s. "
            "Countries: %(countries)s."
        )
        % {
            "regions": "; ".join(regions) or "-",
            "organisations": members["organisations"],
            "countries": ", ".join(members["countries"]) or "-",
        }
    )
    doc.heading(_("Projects"), level=2)
    doc.table(
        [_("Stage"), _("Projects")],
        [[ProjectStage(stage).label, str(count)] for stage, count in projects["by_stage"].items()]
        + [[_("Total"), str(projects["total"])]],
        widths=(3, 1),
    )
    doc.paragraph(
        _(
            "Total budget: %(budget)s. Created in the period: %(created)s. "
            "Reached the funded stage in the period: %(funded)s."
        )
        % {
            "budget": eur(projects["budget"]),
            "created": projects["created_in_period"],
            "funded": projects["funded_in_period"],
        }
    )
    doc.heading(_("Funding secured by source"), level=2)
    doc.table(
        [_("Source"), _("Secured")],
        [
            [FundingSource(source).label, eur(amount)]
            for source, amount in secured["by_source"].items()
            if source in FundingSource.values
        ]
        + [[_("Total"), eur(secured["total"])]],
        widths=(3, 2),
    )
    doc.heading(_("Events"), level=2)
    doc.paragraph(_("Events held in the period: %s.") % indicators["events_held"])


def _projects_table(doc: PdfDocument, partnership: Partnership) -> None:
    doc.heading(_("Projects of the partnership"))
    projects = list(projects_with_secured(partnership))
    if not projects:
        doc.paragraph(_("No project in the pipeline yet."))
        return
    doc.table(
        [_("Project"), _("Stage"), _("Lead region"), "TRL", _("Budget"), _("Secured")],
        [
            [
                _cell(str(p)),
                p.get_stage_display(),
                f"{p.lead_region.name_latin} ({p.lead_region.code})",
                f"{p.trl_now} → {p.trl_target}",
                eur(p.budget),
                eur(p.secured or 0),
            ]
            for p in projects
        ],
        widths=(6, 3, 4, 2, 3, 3),
    )


def report_pdf(report: ProgressReport, *, compress: bool = True) -> bytes:
    """One progress report: indicators (frozen once submitted), narrative, the facilitators'
    review and the partnership's projects."""
    period = report_period(report)
    partnership = report.partnership
    doc = PdfDocument(
        title=_("Progress report: %s") % partnership.name,
        subtitle=_("%(period)s · due %(due)s · %(status)s")
        % {
            "period": period.label,
            "due": report.due_date.isoformat(),
            "status": report.get_status_display(),
        },
        compress=compress,
    )
    indicators = report_indicators(report)
    frozen = report.status in FROZEN_STATUSES
    doc.heading(_("Indicators"))
    doc.paragraph(
        (_("As submitted on %s.") if frozen else _("Computed on %s; frozen when submitted."))
        % indicators["as_of"].replace("T", " ")[:16]
        + " UTC"
    )
    _indicator_sections(doc, indicators)
    doc.heading(_("Narrative"))
    for title, text in (
        (_("Achievements"), report.achievements),
        (_("Results"), report.results),
        (_("Challenges"), report.challenges),
        (_("Next steps"), report.next_steps),
    ):
        doc.heading(title, level=2)
        doc.paragraph(text or "-")
    if report.status in (ReportStatus.ACCEPTED, ReportStatus.CHANGES_REQUESTED):
        doc.heading(_("Review"))
        doc.paragraph(
            _("%(status)s on %(when)s by %(who)s.")
            % {
                "status": report.get_status_display(),
                "when": _when(report.reviewed_at),
                "who": report.reviewed_by or _("the facilitators"),
            }
        )
        if report.review_comment:
            doc.paragraph(report.review_comment)
    _projects_table(doc, partnership)
    return doc.to_bytes()


def partnership_pdf(
    partnership: Partnership, reports: Sequence[ProgressReport], *, compress: bool = True
) -> bytes:
    """A partnership's monitoring summary: today's indicators for the current period, the
    history of its progress reports and its projects."""
    period = period_containing(timezone.localdate())
    figures = partnership_figures([partnership.pk])[partnership.pk]
    current = next((r for r in reports if r.period_start == period.start), None)
    indicators = indicators_json(
        figures, period=period, events_held=current.events_held if current else 0
    )
    doc = PdfDocument(
        title=_("Monitoring: %s") % partnership.name,
        subtitle=_("%(platform)s · %(status)s")
        % {
            "platform": partnership.thematic_platform.name,
            "status": partnership.get_status_display(),
        },
        compress=compress,
    )
    doc.heading(_("Indicators today (%s)") % period.label)
    _indicator_sections(doc, indicators)
    doc.heading(_("Progress reports"))
    if reports:
        doc.table(
            [_("Period"), _("Due"), _("Status"), _("Submitted"), _("Reviewed")],
            [
                [
                    report_period(r).label,
                    r.due_date.isoformat(),
                    r.get_status_display(),
                    _when(r.submitted_at),
                    _when(r.reviewed_at),
                ]
                for r in reports
            ],
            widths=(4, 3, 3, 4, 4),
        )
    else:
        doc.paragraph(_("No progress report yet."))
    _projects_table(doc, partnership)
    return doc.to_bytes()


def platform_pdf(
    board: PlatformDashboard, rows: Sequence[PartnershipRow], *, compress: bool = True
) -> bytes:
    """The platform's monitoring report: the dashboard's figures, trends and participating
    regions, and one line per partnership (with its latest report for staff)."""
    doc = PdfDocument(
        title=_("Platform monitoring report"),
        subtitle=(
            _("All partnerships, as of %s") if board.staff else _("Public partnerships, as of %s")
        )
        % board.today.isoformat(),
        compress=compress,
    )
    doc.heading(_("Key figures"))
    doc.table(
        [_("Indicator"), _("Value")],
        [
            [_("Partnerships"), str(board.partnerships_total)],
            [_("Member regions"), str(len(board.regions))],
            [_("Countries"), str(len(board.countries))],
            [_("Projects"), str(board.projects_total)],
            [_("Total budget"), eur(board.budget)],
            [_("Funding secured"), eur(board.secured_total)],
        ],
        widths=(3, 2),
    )
    statuses = list(board.partnerships_by_status)
    doc.heading(_("Partnerships by thematic platform"))
    doc.table(
        [_("Platform"), *(PartnershipStatus(s).label for s in statuses), _("Total")],
        [[p.name, *(str(p.by_status[s]) for s in statuses), str(p.total)] for p in board.platforms]
        or [["-", *("0" for _s in statuses), "0"]],
    )
    doc.heading(_("Projects by stage"))
    doc.table(
        [_("Stage"), _("Projects")],
        [[ProjectStage(s).label, str(n)] for s, n in board.projects_by_stage.items()],
        widths=(3, 1),
    )
    doc.heading(_("Funding by source and status"))
    doc.table(
        [_("Source"), *(FundingStatus(s).label for s in FundingStatus.values)],
        [
            [FundingSource(source).label, *(eur(by_status[s]) for s in FundingStatus.values)]
            for source, by_status in board.funding.items()
        ],
        widths=(4, 2, 2, 2, 2),
    )
    if board.reports is not None:
        counts = board.reports
        doc.heading(_("Progress reports"))
        doc.table(
            [_("Reports"), _("Number")],
            [
                [_("Being drafted, not yet due"), str(counts.drafting)],
                [_("Due within two weeks"), str(counts.due_soon)],
                [_("Overdue"), str(counts.overdue)],
                [_("Waiting for review"), str(counts.submitted)],
                [_("Changes requested"), str(counts.changes_requested)],
                [_("Accepted"), str(counts.accepted)],
            ],
            widths=(3, 1),
        )
    doc.heading(_("Trends per half-year"))
    if board.trends:
        doc.table(
            [
                _("Half-year"),
                _("Partnerships launched"),
                _("Projects created"),
                _("Projects funded"),
                _("Their secured funding"),
            ],
            [
                [t.period.label, str(t.launched), str(t.created), str(t.funded), eur(t.secured)]
                for t in board.trends
            ],
            widths=(4, 3, 3, 3, 4),
        )
    else:
        doc.paragraph(_("Nothing happened yet."))
    doc.heading(_("Participating regions"))
    doc.table(
        [_("Region"), _("Code"), _("Country"), _("Partnerships")],
        [[r.name, r.code, r.country, str(r.partnerships)] for r in board.regions]
        or [["-", "", "", "0"]],
        widths=(6, 2, 2, 2),
    )
    doc.heading(_("Partnerships"))
    header = [_("Partnership"), _("Platform"), _("Status"), _("Members"), _("Projects")]
    header += [_("Budget"), _("Secured")]
    if board.staff:
        header.append(_("Latest report"))
    table_rows = []
    for row in rows:
        line = [
            _cell(row.partnership.name),
            row.partnership.thematic_platform.name,
            row.partnership.get_status_display(),
            str(row.figures.members_total),
            str(row.figures.projects_total),
            eur(row.figures.budget),
            eur(row.figures.secured_total),
        ]
        if board.staff:
            report = row.latest_report
            line.append(
                f"{report_period(report).code}: {report.get_status_display()}" if report else "-"
            )
        table_rows.append(line)
    doc.table(header, table_rows or [["-", *("" for _h in header[1:])]])
    return doc.to_bytes()

"""Exports of a group's joint strategy as Markdown and PDF (web download, API and CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smartregions.brokerage.domain.queries import groups_with_details, strategy_with_details
from smartregions.brokerage.models import JointStrategy, SmeGroup
from smartregions.common.pdf import PdfDocument

EXPORT_FORMATS = ("md", "pdf")


@dataclass(frozen=True)
class StrategyExport:
    """A rendered export: file name, media type and content."""

    filename: str
    content_type: str
    content: bytes


#: Longest text shown in a PDF table cell; fpdf cannot split a table row across pages.
PDF_CELL_LIMIT = 300


def _pdf_cell(text: str) -> tuple[str, bool]:
    """``text`` cut to :data:`PDF_CELL_LIMIT` characters (with an ellipsis) and whether it was
    cut; the full text is then printed after the table, so nothing is lost."""
    if len(text) <= PDF_CELL_LIMIT:
        return text, False
    return text[: PDF_CELL_LIMIT - 1].rstrip() + "…", True


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.0f} EUR"


def _loaded(group: SmeGroup) -> tuple[SmeGroup, JointStrategy]:
    group = groups_with_details().get(pk=group.pk)
    strategy = strategy_with_details(group)
    if strategy is None:
        raise ValidationError({"strategy": _("The group has no joint strategy yet.")})
    return group, strategy


def _member_lines(group: SmeGroup) -> list[str]:
    return [
        f"{m.organisation.name} ({m.organisation.region.name_latin}, "
        f"{m.organisation.region.country.name})"
        for m in group.members.all()
    ]


def _partner_lines(group: SmeGroup) -> list[str]:
    return [
        f"{p.organisation.name} ({p.organisation.get_type_display()}, "
        f"{p.organisation.region.country.name}): {p.get_status_display()}"
        for p in group.partners.all()
    ]


def strategy_markdown(group: SmeGroup) -> str:
    """The joint strategy of ``group`` as a Markdown document (read only; no side effects)."""
    group, strategy = _loaded(group)
    lines = [
        f"# {strategy.title}",
        "",
        f"*SME group:* {group.name}  ",
        f"*Broker:* {group.broker}",
        "",
    ]
    if strategy.summary:
        lines += ["## Vision and summary", "", strategy.summary, ""]
    lines += ["## Shared challenge", "", group.challenge, ""]
    lines += ["## Members", "", *[f"- {line}" for line in _member_lines(group)], ""]
    if group.partners.all():
        lines += [
            "## Innovation partners",
            "",
            *[f"- {line}" for line in _partner_lines(group)],
            "",
        ]
    lines += ["## Objectives", ""]
    lines += [f"{n}. {o.text}" for n, o in enumerate(strategy.objectives.all(), start=1)] or ["-"]
    lines.append("")
    codes = [f"{t.code} {t.label}" for t in strategy.target_nace_codes.all()]
    if strategy.target_value_chains or codes:
        lines += ["## Target value chains", ""]
        lines += [strategy.target_value_chains, ""] if strategy.target_value_chains else []
        lines += [*[f"- NACE {code}" for code in codes], ""] if codes else []
    lines += ["## Actions", ""]
    actions = list(strategy.actions.all())
    if actions:
        lines += ["| # | Action | Owner | Due | Status |", "|---|---|---|---|---|"]
        lines += [
            f"| {n} | {_cell(a.title)} | {_cell(a.owner.name if a.owner else '')} | "
            f"{a.due_date.isoformat() if a.due_date else ''} | {a.get_status_display()} |"
            for n, a in enumerate(actions, start=1)
        ]
        lines.append("")
        for n, action in enumerate(actions, start=1):
            if action.description:
                lines += [f"**{n}. {action.title}**: {action.description}", ""]
    else:
        lines += ["-", ""]
    lines += ["## Funding", ""]
    funding = list(strategy.funding.all())
    if funding:
        lines += ["| Source | Description | Amount | Status |", "|---|---|---|---|"]
        lines += [
            f"| {f.get_source_display()} | {_cell(f.description)} | {_amount(f.amount_eur)} | "
            f"{f.get_status_display()} |"
            for f in funding
        ]
    else:
        lines.append("-")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _pdf_actions(doc: PdfDocument, actions: list) -> None:
    doc.heading("Actions")
    if not actions:
        doc.paragraph("-")
        return
    rows, long_texts = [], []
    for n, a in enumerate(actions, start=1):
        text, cut = _pdf_cell(a.title + (f": {a.description}" if a.description else ""))
        if cut:
            long_texts.append(f"{n}. {a.title}: {a.description}")
        owner = a.owner.name if a.owner else ""
        due = a.due_date.isoformat() if a.due_date else ""
        rows.append([str(n), text, owner, due, a.get_status_display()])
    doc.table(["#", "Action", "Owner", "Due", "Status"], rows, widths=(1, 8, 4, 3, 3))
    for text in long_texts:
        doc.paragraph(text)


def _pdf_funding(doc: PdfDocument, funding: list) -> None:
    doc.heading("Funding")
    if not funding:
        doc.paragraph("-")
        return
    rows, long_texts = [], []
    for f in funding:
        text, cut = _pdf_cell(f.description)
        if cut:
            long_texts.append(f"{f.get_source_display()}: {f.description}")
        rows.append([f.get_source_display(), text, _amount(f.amount_eur), f.get_status_display()])
    doc.table(["Source", "Description", "Amount", "Status"], rows, widths=(4, 7, 3, 2))
    for text in long_texts:
        doc.paragraph(text)


def strategy_pdf(group: SmeGroup, *, compress: bool = True) -> bytes:
    """The joint strategy of ``group`` as a PDF (read only; no side effects)."""
    group, strategy = _loaded(group)
    doc = PdfDocument(
        title=strategy.title,
        subtitle=f"SME group: {group.name} · Broker: {group.broker}",
        compress=compress,
    )
    if strategy.summary:
        doc.heading("Vision and summary")
        doc.paragraph(strategy.summary)
    doc.heading("Shared challenge")
    doc.paragraph(group.challenge)
    doc.heading("Members")
    doc.bullets(_member_lines(group))
    if group.partners.all():
        doc.heading("Innovation partners")
        doc.bullets(_partner_lines(group))
    doc.heading("Objectives")
    doc.bullets([o.text for o in strategy.objectives.all()] or ["-"], numbered=True)
    codes = [f"NACE {t.code} {t.label}" for t in strategy.target_nace_codes.all()]
    if strategy.target_value_chains or codes:
        doc.heading("Target value chains")
        if strategy.target_value_chains:
            doc.paragraph(strategy.target_value_chains)
        if codes:
            doc.bullets(codes)
    _pdf_actions(doc, list(strategy.actions.all()))
    _pdf_funding(doc, list(strategy.funding.all()))
    return doc.to_bytes()


def export_strategy(group: SmeGroup, *, format: str) -> StrategyExport:
    """Render the group's joint strategy as ``md`` or ``pdf``, with a file name for downloads."""
    if format not in EXPORT_FORMATS:
        raise ValidationError({"format": _("Choose md or pdf, not %s.") % format})
    stem = f"joint-strategy-group-{group.pk}"
    if format == "md":
        return StrategyExport(
            f"{stem}.md", "text/markdown; charset=utf-8", strategy_markdown(group).encode()
        )
    return StrategyExport(f"{stem}.pdf", "application/pdf", strategy_pdf(group))

"""The conclusions report of an event, in Markdown and in PDF, with the same content.

Grouped by guiding question (in programme order: round, table number, question position;
conclusions whose question no longer exists follow, alphabetically), each question lists its
conclusions in curated order with their follow-up actions and numbered references to their
source notes. References are numbered in order of first citation and listed at the end with
round, table number and topic, rapporteur and the statement itself. Questions without a
conclusion are left out. Read only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from smartregions.common.pdf import PdfDocument
from smartregions.events.domain.discussions.setup import question_key
from smartregions.events.domain.people import display_name
from smartregions.events.domain.queries.discussions import event_conclusions, event_questions
from smartregions.events.models import Event, RapporteurNote

#: The formats :func:`render_report` writes: name -> (media type, file extension).
REPORT_FORMATS = {"md": ("text/markdown; charset=utf-8", "md"), "pdf": ("application/pdf", "pdf")}


@dataclass(frozen=True, slots=True)
class Reference:
    """A numbered source note."""

    number: int
    round: str
    table: int
    topic: str
    rapporteur: str
    text: str

    def label(self) -> str:
        return _('%(round)s, table %(table)d (%(topic)s), rapporteur %(who)s: "%(text)s"') % {
            "round": self.round,
            "table": self.table,
            "topic": self.topic,
            "who": self.rapporteur,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class ReportAction:
    description: str
    owner: str
    due_on: str
    status: str
    partnership: str

    def label(self) -> str:
        parts = [_("owner: %s") % (self.owner or _("none")), _("due: %s") % (self.due_on or "-")]
        parts.append(_("status: %s") % self.status)
        if self.partnership:
            parts.append(_("partnership: %s") % self.partnership)
        return f"{self.description} ({'; '.join(parts)})"


@dataclass(frozen=True, slots=True)
class ReportConclusion:
    text: str
    references: tuple[int, ...]
    actions: tuple[ReportAction, ...]

    def sources_label(self) -> str:
        cited = ", ".join(f"[{number}]" for number in self.references)
        return _("Sources: %s") % (cited or _("none"))


@dataclass(slots=True)
class ReportSection:
    question: str
    conclusions: list[ReportConclusion] = field(default_factory=list)


@dataclass(slots=True)
class ConclusionsReport:
    """Everything both formats print."""

    title: str
    subtitle: str
    sections: list[ReportSection]
    references: list[Reference]


def _person(user: object | None) -> str:
    if user is None:
        return _("none")
    return display_name(user)


def _subtitle(event: Event) -> str:
    zone = ZoneInfo(event.timezone)
    starts = event.starts_at.astimezone(zone)
    where = _("online") if event.is_online else (event.city or event.venue)
    base = f"{starts:%Y-%m-%d %H:%M} ({event.timezone})"
    return f"{base} · {where}" if where else base


def build_report(event: Event) -> ConclusionsReport:
    """Collect the report's content: sections per question and numbered references. Four
    queries."""
    order = {}
    for text in event_questions(event):
        order.setdefault(question_key(text), (len(order), text))
    sections: dict[str, ReportSection] = {}
    numbers: dict[int, int] = {}
    references: list[Reference] = []

    def cite(note: RapporteurNote) -> int:
        if note.pk not in numbers:
            numbers[note.pk] = len(numbers) + 1
            references.append(
                Reference(
                    number=numbers[note.pk],
                    round=note.table.round.title,
                    table=note.table.number,
                    topic=note.table.topic,
                    rapporteur=_person(note.table.rapporteur),
                    text=note.text,
                )
            )
        return numbers[note.pk]

    conclusions = sorted(
        event_conclusions(event),
        key=lambda c: (
            order.get(question_key(c.question), (len(order), question_key(c.question))),
            c.position,
            c.pk,
        ),
    )
    for conclusion in conclusions:
        key = question_key(conclusion.question)
        wording = order.get(key, (0, conclusion.question))[1]
        section = sections.setdefault(key, ReportSection(question=wording))
        section.conclusions.append(
            ReportConclusion(
                text=conclusion.text,
                references=tuple(sorted(cite(note) for note in conclusion.sources.all())),
                actions=tuple(
                    ReportAction(
                        description=action.description,
                        owner=_person(action.owner) if action.owner else "",
                        due_on=action.due_on.isoformat() if action.due_on else "",
                        status=str(action.get_status_display()),
                        partnership=action.partnership.name if action.partnership else "",
                    )
                    for action in conclusion.follow_up_actions.all()
                ),
            )
        )
    return ConclusionsReport(
        title=_("Conclusions: %s") % event.title,
        subtitle=_subtitle(event),
        sections=list(sections.values()),
        references=references,
    )


def _indent(text: str, prefix: str) -> str:
    lines = text.splitlines() or [""]
    return "\n".join(lines[:1] + [f"{prefix}{line}" if line else "" for line in lines[1:]])


def report_markdown(report: ConclusionsReport) -> str:
    """The report as Markdown (UTF-8 text ending with a newline)."""
    out = [f"# {report.title}", "", report.subtitle, ""]
    if not report.sections:
        out += [_("No conclusion yet."), ""]
    for section in report.sections:
        out += [f"## {section.question}", ""]
        for number, conclusion in enumerate(section.conclusions, start=1):
            marker = f"{number}. "
            pad = " " * len(marker)
            out += [marker + _indent(conclusion.text, pad), "", pad + conclusion.sources_label()]
            if conclusion.actions:
                out += ["", pad + _("Follow-up actions:"), ""]
                out += [f"{pad}- {action.label()}" for action in conclusion.actions]
            out.append("")
    if report.references:
        out += [f"## {_('References')}", ""]
        out += [f"{ref.number}. {ref.label()}" for ref in report.references]
        out.append("")
    return "\n".join(out)


def report_pdf(report: ConclusionsReport, *, compress: bool = True) -> bytes:
    """The report as a PDF (:mod:`smartregions.common.pdf`)."""
    doc = PdfDocument(title=report.title, subtitle=report.subtitle, compress=compress)
    if not report.sections:
        doc.paragraph(_("No conclusion yet."))
    for section in report.sections:
        doc.heading(section.question, level=2)
        for number, conclusion in enumerate(section.conclusions, start=1):
            doc.paragraph(f"{number}. {conclusion.text}\n{conclusion.sources_label()}")
            if conclusion.actions:
                doc.paragraph(_("Follow-up actions:"))
                doc.bullets([action.label() for action in conclusion.actions])
    if report.references:
        doc.heading(_("References"), level=2)
        doc.bullets([ref.label() for ref in report.references], numbered=True)
    return doc.to_bytes()


def render_report(event: Event, fmt: str) -> tuple[bytes, str, str]:
    """The report of ``event`` in ``fmt`` (``md`` or ``pdf``): its bytes, media type and file
    name (``<slug>-conclusions.<ext>``). Raises ``ValueError`` for another format."""
    if fmt not in REPORT_FORMATS:
        msg = f"unknown report format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}"
        raise ValueError(msg)
    report = build_report(event)
    media_type, extension = REPORT_FORMATS[fmt]
    data = report_markdown(report).encode() if fmt == "md" else report_pdf(report)
    return data, media_type, f"{event.slug}-conclusions.{extension}"

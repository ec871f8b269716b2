"""What an expert sees of an application: everything, or a blinded copy under blind review.

Under ``Call.is_blind_review`` the expert's page and API read an :class:`ApplicationView`
without the lead and co-applicant regions and organisations, without any person, with
attachments renamed ``annex-1.pdf``, ``annex-2.xlsx`` ... and without the signed commitment
letters (they name the applicants and are eligibility documents, not evaluation material). The
answers to the call's questions are shown as written: the call's guidance asks applicants not
to name themselves there, which no software can check.

Pure functions over rows loaded by
:func:`~smartregions.calls.domain.queries.evaluation.reviews_with_details`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

from smartregions.accounts.rules import is_platform_staff
from smartregions.calls.enums import AttachmentKind, CoApplicantStatus


@dataclass(frozen=True)
class AttachmentView:
    """An attachment as the expert sees it (``name`` is neutral under blind review)."""

    pk: int
    kind: str
    name: str
    size: int
    content_type: str


@dataclass(frozen=True)
class ApplicationView:
    """An application as the expert sees it; ``lead`` and ``co_applicants`` are empty when
    blinded."""

    pk: int
    title: str
    acronym: str
    summary: str
    thematic_area: str
    stage: int
    call_title: str
    is_blind: bool
    answers: list[tuple[str, str]]
    lead: list[str]
    co_applicants: list[str]
    attachments: list[AttachmentView]


def _answer_text(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _party(region: Any, organisation: Any) -> str:
    if region is not None:
        return f"{region.name_latin} ({region.code})"
    return organisation.name


def visible_attachments(application: Any, *, blind: bool) -> list[AttachmentView]:
    """The application's attachments as the expert sees them, in upload order."""
    views = []
    for attachment in application.attachments.all():
        if blind and attachment.kind == AttachmentKind.COMMITMENT_LETTER:
            continue
        suffix = PurePosixPath(attachment.file.name).suffix.lower()
        name = f"annex-{len(views) + 1}{suffix}" if blind else attachment.original_name
        views.append(
            AttachmentView(
                pk=attachment.pk,
                kind=attachment.get_kind_display(),
                name=name,
                size=attachment.size,
                content_type=attachment.content_type,
            )
        )
    return views


def shown_attachment(
    application: Any, attachment_pk: int, *, blind: bool
) -> tuple[Any, AttachmentView] | None:
    """The stored attachment ``attachment_pk`` of ``application`` and how the expert sees it
    (its name neutral under blind review), or ``None`` if the expert may not have it: not a
    file of this application, or a commitment letter under blind review.

    The one place the web download and the API download of a reviewed application's file
    decide what is served and under which name.
    """
    views = {view.pk: view for view in visible_attachments(application, blind=blind)}
    if attachment_pk not in views:
        return None
    stored = next(a for a in application.attachments.all() if a.pk == attachment_pk)
    return stored, views[attachment_pk]


def application_view(application: Any, *, fields: Sequence[Any], blind: bool) -> ApplicationView:
    """``application`` as an expert may read it (see the module docstring).

    ``fields`` are the call's form fields of the application's stage and earlier.
    """
    lead: list[str] = []
    co_applicants: list[str] = []
    if not blind:
        if application.lead_region is not None:
            lead.append(_("Lead region: %s") % _party(application.lead_region, None))
        if application.lead_organisation is not None:
            lead.append(_("Lead organisation: %s") % application.lead_organisation.name)
        co_applicants = [
            _party(c.region, c.organisation)
            for c in application.co_applicants.all()
            if c.status == CoApplicantStatus.CONFIRMED
        ]
    answers = application.answers or {}
    return ApplicationView(
        pk=application.pk,
        title=application.title,
        acronym=application.acronym,
        summary=application.summary,
        thematic_area=application.thematic_area.name if application.thematic_area else "",
        stage=application.stage,
        call_title=application.call.title,
        is_blind=blind,
        answers=[
            (f.label, _answer_text(answers.get(f.key)))
            for f in fields
            if f.stage <= application.stage and f.key in answers
        ],
        lead=lead,
        co_applicants=co_applicants,
        attachments=visible_attachments(application, blind=blind),
    )


def is_blind_for(user: Any, call: Any) -> bool:
    """Whether ``user`` reads ``call``'s applications blinded: experts do under blind review;
    platform staff, who run the evaluation, always see everything."""
    return bool(call.is_blind_review) and not is_platform_staff(user)

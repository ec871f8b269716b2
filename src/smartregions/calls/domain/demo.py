"""Demo calls for ``smartregions demo``: an open call with a draft application, and a closed
call whose submitted applications the evaluation demo then reviews.

* **Hydrogen valleys partnership (demo)**: a published expression of interest for a thematic
  partnership on the Energy platform, open for 30 more days (Europe/Brussels), with three form
  fields, two weighted criteria and one published question and answer. The representative
  of Jihočeský kraj (the ``cz031@`` demo login) leads a draft application to it: one region
  has confirmed with a signed commitment letter, the first synthetic region (whose
  representative is a demo login too) is still invited, and one required answer is missing,
  so the live eligibility checklist shows what stands between the draft and a submission.
* **Industrial modernisation partnerships (demo)**: a call that took five applications led by
  synthetic regions, each with confirmed co-applicants from three or more countries and their
  commitment letters (small generated PDF files), and was then closed by the platform.

Everything goes through the domain functions (so the audit trail, the history and the
notifications are those of real use), is flagged ``is_synthetic`` and says in its title that
it is demo content. Builds on the synthetic registry and the Czech data; does nothing without
them. Safe to run again: a call whose address exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from smartregions.calls.domain import applications as application_domain
from smartregions.calls.domain import call_setup
from smartregions.calls.domain.calls import close_call, create_call, publish_call
from smartregions.calls.domain.co_applicants import confirm_co_applicant, invite_co_applicant
from smartregions.calls.domain.demo_content import (
    CLOSED_FIELDS,
    CONSORTIUM,
    DRAFT,
    IMPACT,
    OPEN_FIELDS,
    RELEVANCE,
    SUBMITTED,
    DemoApplication,
    DemoCriterion,
    DemoField,
)
from smartregions.calls.domain.questions import answer_question, ask_question
from smartregions.calls.enums import CallType
from smartregions.calls.models import Application, Attachment, Call, CoApplicant
from smartregions.common.domain.activity import log_activity
from smartregions.common.pdf import PdfDocument
from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.domain.synthetic import (
    synthetic_registry_organisations,
    synthetic_registry_strategies,
)
from smartregions.regions.models import Region, ThematicArea, ThematicPlatform

ZONE = "Europe/Brussels"
OPEN_CALL_SLUG = "hydrogen-valleys-partnership-demo"
CLOSED_CALL_SLUG = "industrial-modernisation-partnerships-demo"
#: The region whose representative (a demo login) leads the draft application.
DRAFT_LEAD = "CZ031"
DEMO_NOTE = (
    "This call is demo content of the smartregions platform: it is not a real call, and the "
    "applications to it are synthetic."
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    """``hour`` o'clock on ``day`` in the calls' time zone (stored as UTC)."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(ZONE))


def _areas(slugs: Iterable[str]) -> dict[str, ThematicArea]:
    return {a.slug: a for a in ThematicArea.objects.filter(slug__in=list(slugs))}


def _regions_by_country() -> list[list[Region]]:
    """The synthetic registry's regions, grouped by country (countries and regions by code)."""
    groups: dict[str, list[Region]] = defaultdict(list)
    strategies = synthetic_registry_strategies().select_related("region__country")
    for region in sorted({s.region for s in strategies}, key=lambda r: r.code):
        groups[region.country.code].append(region)
    return [groups[code] for code in sorted(groups)]


def _pick(groups: list[list[Region]], country: int, nth: int) -> Region:
    regions = groups[country % len(groups)]
    return regions[nth % len(regions)]


def commitment_letter(*, party: str, application: Application) -> SimpleUploadedFile:
    """A one-page PDF letter of commitment of ``party`` (marked as a demo document)."""
    doc = PdfDocument(
        title="Letter of commitment",
        subtitle=f"{application.title}: a demo document of smartregions, not a real commitment",
    )
    doc.paragraph(
        f"{party} confirms that it takes part in the application “{application.title}” to the "
        f"call “{application.call.title}”, contributes staff time to the partnership's work "
        "and co-finances its share of the joint activities."
    )
    doc.paragraph("Signed for the partner by its authorised representative (synthetic).")
    return SimpleUploadedFile(
        f"commitment-letter-{slugify(party)[:60] or 'partner'}.pdf",
        doc.to_bytes(),
        content_type="application/pdf",
    )


def _create_call(
    *,
    slug: str,
    title: str,
    platform: ThematicPlatform | None,
    areas: list[ThematicArea],
    opens_at: dt.datetime,
    deadline: dt.datetime,
    summary: str,
    fields: Iterable[DemoField],
    criteria: Iterable[DemoCriterion],
) -> Call:
    call = create_call(
        actor=None,
        title=title,
        type=CallType.PARTNERSHIP_EOI,
        opens_at=opens_at,
        slug=slug,
        thematic_areas=areas,
        is_synthetic=True,
        summary=summary,
        description=f"{summary}\n\n{DEMO_NOTE}",
        thematic_platform=platform,
        timezone=ZONE,
        deadline=deadline,
        requires_thematic_area=bool(areas),
    )
    for spec in fields:
        call_setup.add_call_field(
            actor=None,
            call=call,
            key=spec.key,
            label=spec.label,
            type=spec.type,
            help_text=spec.help_text,
            choices=spec.choices,
            is_required=spec.is_required,
            max_length=spec.max_length,
        )
    for spec in criteria:
        call_setup.add_criterion(
            actor=None,
            call=call,
            name=spec.name,
            description=spec.description,
            weight=spec.weight,
            threshold=spec.threshold,
        )
    return publish_call(actor=None, call=call)


def _start(
    call: Call, spec: DemoApplication, lead: Region, areas: dict[str, ThematicArea]
) -> Application:
    application = application_domain.start_application(
        actor=None,
        call=call,
        title=spec.title,
        acronym=spec.acronym,
        summary=spec.summary,
        lead_region=lead,
        thematic_area=areas.get(spec.area),
        is_synthetic=True,
    )
    return application_domain.update_application(
        actor=None, application=application, answers=spec.answers
    )


def _confirm(
    application: Application, *, region: Region | None = None, organisation: Any = None
) -> CoApplicant:
    invited = invite_co_applicant(
        actor=None,
        application=application,
        region=region,
        organisation=organisation,
        message="We would be glad to have you in the consortium.",
    )
    letter = commitment_letter(party=str(region or organisation), application=application)
    return confirm_co_applicant(actor=None, co_applicant=invited, commitment_letter=letter)


def _open_call(now: dt.datetime, groups: list[list[Region]]) -> int:
    """The hydrogen call, its published Q&A and the draft application; returns the number of
    drafts made (none without the Czech data)."""
    today = timezone.localdate(now, ZoneInfo(ZONE))
    areas = _areas(["smart-grids", "solar-energy", "marine-renewable-energy"])
    call = _create_call(
        slug=OPEN_CALL_SLUG,
        title="Hydrogen valleys partnership (demo)",
        platform=ThematicPlatform.objects.filter(slug="energy").first(),
        areas=list(areas.values()),
        opens_at=_at(today - dt.timedelta(days=14), 9),
        deadline=_at(today + dt.timedelta(days=30), 17),
        summary=(
            "Expressions of interest for an interregional partnership that builds hydrogen "
            "valleys: renewable hydrogen produced, stored and used in the same regions."
        ),
        fields=OPEN_FIELDS,
        criteria=(RELEVANCE, IMPACT),
    )
    question = ask_question(
        actor=None,
        call=call,
        question="May a NUTS-3 region lead an application, or only a NUTS-2 region?",
    )
    answer_question(
        actor=None,
        question=question,
        answer=(
            "Yes, a NUTS-3 region may lead. The consortium is counted at NUTS 2: a NUTS-3 "
            "region counts as the NUTS-2 region above it, so two partners from one NUTS-2 "
            "region count once."
        ),
        publish=True,
    )
    lead = Region.objects.filter(code=DRAFT_LEAD, nuts_version=current_nuts_version()).first()
    if lead is None:
        return 0
    invited = groups[0][0]  # the first synthetic region: its representative is a demo login
    confirmed = next(g[0] for g in groups if g[0].country_id != invited.country_id)
    application = _start(call, DRAFT, lead, areas)
    _confirm(application, region=confirmed)
    invite_co_applicant(
        actor=None,
        application=application,
        region=invited,
        message="Your renewable power and industry would complete the valley; will you join?",
    )
    return 1


def _organisation(regions: list[Region]) -> Organisation | None:
    """A synthetic research organisation of one of ``regions`` (the first by region and name)."""
    return (
        synthetic_registry_organisations()
        .filter(region__in=regions, type=OrganisationType.RESEARCH)
        .order_by("region__code", "name")
        .first()
    )


def _closed_call(now: dt.datetime, groups: list[list[Region]]) -> int:
    """The closed call and its submitted applications; returns how many were submitted."""
    today = timezone.localdate(now, ZoneInfo(ZONE))
    areas = _areas(
        [spec.area for spec in SUBMITTED] + ["resource-efficiency", "advanced-manufacturing"]
    )
    call = _create_call(
        slug=CLOSED_CALL_SLUG,
        title="Industrial modernisation partnerships (demo)",
        platform=ThematicPlatform.objects.filter(slug="industrial-modernisation").first(),
        areas=list(areas.values()),
        opens_at=_at(today - dt.timedelta(days=60), 9),
        # Submissions need an open call, so the deadline is still ahead when the applications
        # go in; the platform closes the call right after them.
        deadline=now.replace(second=0, microsecond=0) + dt.timedelta(minutes=10),
        summary=(
            "Expressions of interest for interregional partnerships that bring advanced "
            "technologies and circular processes into regional industry."
        ),
        fields=CLOSED_FIELDS,
        criteria=(RELEVANCE, IMPACT, CONSORTIUM),
    )
    for index, spec in enumerate(SUBMITTED):
        first = 2 * index
        application = _start(call, spec, _pick(groups, first, 1 + index % 2), areas)
        for offset in (1, 2):
            _confirm(application, region=_pick(groups, first + offset, 1))
        research = groups[(first + 3) % len(groups)]
        organisation = _organisation(research) if index % 2 == 0 else None
        if organisation is not None:
            _confirm(application, organisation=organisation)
        application_domain.submit_application(actor=None, application=application)
    close_call(actor=None, call=call)
    return len(SUBMITTED)


@transaction.atomic
def load_demo_calls(*, now: dt.datetime | None = None) -> str:
    """Create the demo calls and applications (see the module docstring); returns a one-line
    summary. Logs ``call.demo_load``."""
    groups = _regions_by_country()
    if len(groups) < 4:
        return "skipped: the synthetic registry is not loaded"
    now = now or timezone.now()
    made, drafts, submitted = [], 0, 0
    if not Call.objects.filter(slug=OPEN_CALL_SLUG).exists():
        drafts = _open_call(now, groups)
        made.append(OPEN_CALL_SLUG)
    if not Call.objects.filter(slug=CLOSED_CALL_SLUG).exists():
        submitted = _closed_call(now, groups)
        made.append(CLOSED_CALL_SLUG)
    if not made:
        return "already present"
    log_activity(actor=None, action="call.demo_load", data={"calls": made})
    return (
        f"{len(made)} calls; {submitted} applications submitted to the closed call, "
        f"{drafts} draft application to the open call"
    )


def _delete_files(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
    for folder in sorted({str(PurePosixPath(name).parent) for name in names}):
        try:
            os.rmdir(storage.path(folder))
        except (NotImplementedError, OSError):  # not a local folder, or not empty
            continue


@transaction.atomic
def delete_demo_calls(*, actor: Any = None) -> int:
    """Delete the synthetic calls and every application to them or flagged synthetic, with
    their consortium, files, history, reviews, consensus and decisions (cascade), for
    ``smartregions demo --reset``.

    Run it after the partnerships made from these applications are deleted (they protect
    their application). The attachment files leave the storage once the transaction commits.
    Returns the rows deleted; logs ``call.demo_delete``.
    """
    calls = Call.objects.filter(is_synthetic=True)
    ids = list(
        Application.objects.filter(Q(is_synthetic=True) | Q(call__in=calls)).values_list(
            "pk", flat=True
        )
    )
    attachments = Attachment.objects.filter(application_id__in=ids)
    names = [name for name in attachments.values_list("file", flat=True) if name]
    storage = Attachment._meta.get_field("file").storage
    # A co-applicant's letter is protected by the co-applicant: remove the consortium first.
    co_applicants, _ = CoApplicant.objects.filter(application_id__in=ids).delete()
    applications, _ = Application.objects.filter(pk__in=ids).delete()
    deleted_calls, _ = calls.delete()
    transaction.on_commit(lambda: _delete_files(storage, names))
    total = co_applicants + applications + deleted_calls
    log_activity(actor=actor, action="call.demo_delete", data={"rows": total})
    return total

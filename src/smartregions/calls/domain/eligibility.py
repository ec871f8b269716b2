"""The live eligibility checklist of an application, also re-checked when it is submitted.

Each rule gives ``{rule, ok, message}``; the message says what is there or what is missing.
Rules that a call does not use (no region categories, no commitment letters...) are left out.

How the consortium is counted (``regions`` and ``countries``): the lead region, the regions
of confirmed region co-applicants, and the regions of the lead organisation and of confirmed
co-applicant organisations, each counted at NUTS 2 (a NUTS-3 region counts as the NUTS-2
region above it, so two partners from one NUTS-2 region count once; NUTS 0 and 1 regions count
as themselves). The countries are those of these regions. Invited co-applicants that have not
confirmed do not count, and all of them must have answered before the application is submitted.

The "lead region" whose category and industrial-transition status are checked is the
application's lead region, or the lead organisation's region when an organisation leads; a
NUTS-3 region without a category takes that of its NUTS-2 parent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregions.calls.domain.answers import missing_required
from smartregions.calls.domain.queries.calls import next_cutoff, stage_deadline
from smartregions.calls.domain.times import format_in_zone
from smartregions.calls.enums import CallStatus, CoApplicantStatus
from smartregions.calls.models import Application, CallCutoff
from smartregions.regions.enums import RegionCategory
from smartregions.regions.models import Region


@dataclass(frozen=True)
class Check:
    """One line of the checklist: which rule, whether it is met, and what to say about it."""

    rule: str
    ok: bool
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Window:
    """Whether a submission is possible at a moment, why, and the cut-off it would go to."""

    ok: bool
    message: str
    cutoff: CallCutoff | None = None


def submission_window(application: Application, now: dt.datetime) -> Window:  # noqa: PLR0911 - one return per timetable case
    """Whether ``application`` may be submitted at ``now`` under its call's timetable.

    A submission exactly at the deadline is on time. For a rolling call the submission goes to
    the first cut-off at or after ``now``.
    """
    call = application.call
    zone = call.timezone
    if call.status == CallStatus.CLOSED:
        return Window(False, _("The call is closed."))
    if call.status != CallStatus.PUBLISHED:
        return Window(False, _("The call is not published."))
    if now < call.opens_at:
        return Window(False, _("Submissions open on %s.") % format_in_zone(call.opens_at, zone))
    if call.is_rolling:
        cutoff = next_cutoff(call, now)
        if cutoff is None:
            return Window(False, _("The last cut-off has passed."))
        return Window(
            True,
            _("Submit by %s to be evaluated at this cut-off.") % format_in_zone(cutoff.at, zone),
            cutoff,
        )
    deadline = stage_deadline(call, application.stage)
    if deadline is None:
        return Window(False, _("The call has no deadline for this stage."))
    if now > deadline:
        return Window(False, _("The deadline passed on %s.") % format_in_zone(deadline, zone))
    return Window(True, _("Submit by %s.") % format_in_zone(deadline, zone))


def _nuts2_key(region: Region) -> tuple[int, str]:
    return (region.nuts_version, region.code[:4] if region.level >= 2 else region.code)


def lead_region_of(application: Application) -> Region | None:
    """The region whose category counts: the lead region, else the lead organisation's."""
    if application.lead_region_id is not None:
        return application.lead_region
    if application.lead_organisation_id is not None:
        return application.lead_organisation.region
    return None


def _flag(region: Region, attribute: str) -> Any:
    value = getattr(region, attribute)
    if not value and region.level == 3 and region.parent_id is not None:
        return getattr(region.parent, attribute)
    return value


def confirmed_co_applicants(application: Application) -> list[Any]:
    """The confirmed co-applicants (reads the prefetched ``co_applicants``)."""
    return [c for c in application.co_applicants.all() if c.status == CoApplicantStatus.CONFIRMED]


def consortium_regions(application: Application) -> list[Region]:
    """The regions that count for the consortium (see the module docstring), one per NUTS 2."""
    regions = [application.lead_region] if application.lead_region_id else []
    if application.lead_organisation_id is not None:
        regions.append(application.lead_organisation.region)
    regions.extend(
        co.region if co.region_id is not None else co.organisation.region
        for co in confirmed_co_applicants(application)
    )
    unique: dict[tuple[int, str], Region] = {}
    for region in regions:
        unique.setdefault(_nuts2_key(region), region)
    return list(unique.values())


def _consortium_checks(application: Application) -> list[Check]:
    call = application.call
    regions = consortium_regions(application)
    countries = {region.country_id for region in regions}
    n_regions, n_countries = len(regions), len(countries)
    return [
        Check(
            "regions",
            n_regions >= call.min_regions,
            ngettext(
                "%(n)d region in the consortium; the call needs at least %(min)d.",
                "%(n)d regions in the consortium; the call needs at least %(min)d.",
                n_regions,
            )
            % {"n": n_regions, "min": call.min_regions},
        ),
        Check(
            "countries",
            n_countries >= call.min_countries,
            ngettext(
                "%(n)d country in the consortium; the call needs at least %(min)d.",
                "%(n)d countries in the consortium; the call needs at least %(min)d.",
                n_countries,
            )
            % {"n": n_countries, "min": call.min_countries},
        ),
    ]


def _lead_checks(application: Application) -> list[Check]:
    call = application.call
    lead = lead_region_of(application)
    checks = []
    if call.region_categories:
        wanted = ", ".join(str(RegionCategory(c).label).lower() for c in call.region_categories)
        category = _flag(lead, "category") if lead is not None else ""
        checks.append(
            Check(
                "region_category",
                category in call.region_categories,
                _("The lead region %(region)s is %(category)s; the call is open to: %(wanted)s.")
                % {
                    "region": lead.code if lead is not None else "—",
                    "category": str(RegionCategory(category).label).lower()
                    if category
                    else _("not categorised"),
                    "wanted": wanted,
                },
            )
        )
    if call.requires_industrial_transition:
        ok = lead is not None and bool(_flag(lead, "industrial_transition"))
        checks.append(
            Check(
                "industrial_transition",
                ok,
                _("The lead region %s is an industrial-transition region.") % lead.code
                if ok
                else _("The lead region must be an industrial-transition region."),
            )
        )
    return checks


def _co_applicant_checks(application: Application) -> list[Check]:
    checks = []
    everyone = list(application.co_applicants.all())
    if application.call.requires_commitment_letters:
        missing = [
            str(c)
            for c in everyone
            if c.status == CoApplicantStatus.CONFIRMED and c.commitment_letter_id is None
        ]
        checks.append(
            Check(
                "commitment_letters",
                not missing,
                _("Missing signed commitment letters: %s.") % ", ".join(missing)
                if missing
                else _("Every confirmed co-applicant has uploaded a signed commitment letter."),
            )
        )
    waiting = [str(c) for c in everyone if c.status == CoApplicantStatus.INVITED]
    checks.append(
        Check(
            "invitations",
            not waiting,
            _("Waiting for an answer from: %s (remove them to submit without them).")
            % ", ".join(waiting)
            if waiting
            else _("No invitation is waiting for an answer."),
        )
    )
    return checks


def _thematic_check(application: Application) -> list[Check]:
    call = application.call
    areas = list(call.thematic_areas.all())
    area = application.thematic_area
    if not call.requires_thematic_area and (area is None or not areas):
        return []
    if area is None:
        return [Check("thematic_area", False, _("Choose a thematic area."))]
    if areas and area.pk not in {a.pk for a in areas}:
        return [
            Check(
                "thematic_area",
                False,
                _("%(area)s is not one of the call's thematic areas: %(areas)s.")
                % {"area": area.name, "areas": ", ".join(a.name for a in areas)},
            )
        ]
    return [Check("thematic_area", True, _("Thematic area: %s.") % area.name)]


def _fields_check(application: Application) -> Check:
    fields = [f for f in application.call.fields.all() if f.stage <= application.stage]
    missing = missing_required(fields, application.answers)
    return Check(
        "fields",
        not missing,
        _("Still to answer: %s.") % "; ".join(f.label for f in missing)
        if missing
        else _("Every required question is answered."),
    )


def check_eligibility(application: Application, *, now: dt.datetime | None = None) -> list[Check]:
    """The checklist of ``application`` at ``now`` (default: the current time).

    Reads the application's call (with its fields, areas and cut-offs), lead, co-applicants
    and answers; load it with
    :func:`~smartregions.calls.domain.queries.applications.applications_with_details` to check
    it in a fixed number of queries.
    """
    now = now or timezone.now()
    window = submission_window(application, now)
    return [
        Check("deadline", window.ok, window.message),
        *_consortium_checks(application),
        *_lead_checks(application),
        *_co_applicant_checks(application),
        *_thematic_check(application),
        _fields_check(application),
    ]


def is_eligible(checks: list[Check]) -> bool:
    """Whether every rule of the checklist is met."""
    return all(check.ok for check in checks)

"""The pipeline's invariants, checked by every write before it saves anything.

* The funding mix (all sources, whatever their status) never exceeds the project's budget.
* A project on or past the "funded" stage has secured funding for at least
  :data:`FUNDED_MIN_SECURED_SHARE` of its budget, from at least one source: the secured share
  is what tells an investor that the project is financed, so the stage means the same thing in
  every partnership.
* A partnership's project is led from within the partnership: its lead region is a current
  member region (or lies inside one, or is where a member organisation is located), its lead
  organisation a current member (or located in a member region).
* The projects of a closed partnership are an archive: nothing about them changes any more.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smartregions.brokerage.enums import FundingStatus
from smartregions.organisations.models import Organisation
from smartregions.partnerships.enums import PROJECT_STAGE_ORDER, PartnershipStatus, ProjectStage
from smartregions.partnerships.models import Partnership, PartnershipMember, Project
from smartregions.partnerships.rules.base import region_lies_in
from smartregions.regions.models import Region

#: Share of the budget that secured sources must cover before a project counts as funded.
FUNDED_MIN_SECURED_SHARE = Decimal("0.5")

#: Budgets and funding amounts are stored with 14 digits, 2 of them decimals.
MAX_AMOUNT = Decimal(10) ** 12

#: Stages that need secured funding (see :data:`FUNDED_MIN_SECURED_SHARE`).
FUNDED_STAGES = (ProjectStage.FUNDED, ProjectStage.IMPLEMENTED)


def eur(amount: Decimal | int) -> str:
    """``1234567.5`` as ``"1,234,567.50 EUR"`` (for messages)."""
    return f"{Decimal(amount):,.2f} EUR"


def stage_index(stage: str) -> int:
    """Position of ``stage`` in the workflow (idea = 0)."""
    return PROJECT_STAGE_ORDER.index(ProjectStage(stage))


def lock_project(project: Project) -> Project:
    """Lock the project's row for this transaction and reload ``project`` from it (in place).

    Why: the caller's copy may be stale (someone moved or edited the project meanwhile); every
    check must see the committed row, and concurrent writers of one project wait for each other.
    Funding writes lock the project too, so a move and a funding change never interleave.
    """
    project.refresh_from_db(from_queryset=Project.objects.select_for_update())
    return project


def is_archived(project: Project) -> bool:
    """Whether the project belongs to a closed partnership (read from ``project.partnership``
    as loaded; the writes re-check it on the locked row)."""
    partnership = project.partnership
    return partnership is not None and partnership.status == PartnershipStatus.CLOSED


def lock_open_partnership(project: Project) -> Partnership | None:
    """Lock the row of the project's partnership and refuse the write if it is closed.

    Called after :func:`lock_project` (project first, then its partnership: the one lock order
    of pipeline writes), so a partnership that closes meanwhile either waits for this write or
    is seen closed by it. ``None`` for a platform project.
    """
    if project.partnership_id is None:
        return None
    partnership = Partnership.objects.select_for_update().get(pk=project.partnership_id)
    if partnership.status == PartnershipStatus.CLOSED:
        raise ValidationError(
            {
                "partnership": _(
                    "%s is closed: the projects of its pipeline can no longer be changed."
                )
                % partnership
            }
        )
    return partnership


def lead_errors(
    partnership: Partnership, *, region: Region | None, organisation: Organisation | None
) -> dict[str, str]:
    """Errors for a lead region or organisation that does not belong to ``partnership``.

    The lead region must be a current member region, lie inside one, or be (or contain) the
    region of a current member organisation; the lead organisation must be a current member or
    be located in (a region inside) a member region. Why: naming an outside region as lead
    would hand its representatives the project (see
    :func:`~smartregions.partnerships.rules.pipeline.represents_lead_region`).
    """
    members = list(
        PartnershipMember.objects.filter(partnership=partnership, left_at__isnull=True)
        .select_related("region", "organisation__region")
        .defer("region__boundary", "organisation__region__boundary")
    )
    regions = [m.region for m in members if m.region is not None]
    organisation_ids = {m.organisation_id for m in members if m.organisation_id is not None}
    homes = [
        m.organisation.region
        for m in members
        if m.organisation is not None and m.organisation.region is not None
    ]
    errors: dict[str, str] = {}
    if region is not None and not (
        any(region_lies_in(region, area) for area in regions)
        or any(region_lies_in(home, region) for home in homes)
    ):
        errors["lead_region"] = _(
            "%(region)s is not part of %(partnership)s: the lead region must be a member "
            "region, lie inside one, or be where a member organisation is located."
        ) % {"region": region, "partnership": partnership}
    home = None
    if organisation is not None and organisation.region_id is not None:
        home = Region.objects.only("code", "nuts_version").get(pk=organisation.region_id)
    if (
        organisation is not None
        and organisation.pk not in organisation_ids
        and not (home is not None and any(region_lies_in(home, area) for area in regions))
    ):
        errors["lead_organisation"] = _(
            "%(organisation)s is not part of %(partnership)s: the lead organisation must be a "
            "member or be located in a member region."
        ) % {"organisation": organisation, "partnership": partnership}
    return errors


def funding_lines(project: Project) -> list[tuple[str, str, Decimal]]:
    """``(source, status, amount)`` of every funding line of ``project``, read from the database."""
    return list(project.funding.values_list("source", "status", "amount"))


def check_funding_fits(
    *, budget: Decimal, lines: Iterable[tuple[str, str, Decimal]], field: str
) -> None:
    """Refuse a funding mix whose total exceeds ``budget``; the error is put on ``field``."""
    total = sum((amount for _, _, amount in lines), Decimal(0))
    if total > budget:
        raise ValidationError(
            {
                field: _(
                    "The funding mix totals %(total)s, more than the budget of %(budget)s. "
                    "Lower the funding or raise the budget."
                )
                % {"total": eur(total), "budget": eur(budget)}
            }
        )


def secured_total(lines: Iterable[tuple[str, str, Decimal]]) -> Decimal:
    """Sum of the secured amounts."""
    return sum(
        (amount for _, status, amount in lines if status == FundingStatus.SECURED), Decimal(0)
    )


def check_secured_for_funded(
    *, budget: Decimal, lines: list[tuple[str, str, Decimal]], field: str, stage: str
) -> None:
    """Refuse a funding situation that does not support ``stage`` (only funded stages need it).

    Needs at least one secured source with a positive amount, and secured amounts reaching
    :data:`FUNDED_MIN_SECURED_SHARE` of ``budget``.
    """
    if stage not in FUNDED_STAGES:
        return
    secured = secured_total(lines)
    needed = (budget * FUNDED_MIN_SECURED_SHARE).quantize(Decimal("0.01"))
    if secured <= 0 or secured < needed:
        raise ValidationError(
            {
                field: _(
                    "A %(stage)s project needs secured funding of at least %(share)s%% of its "
                    "budget (%(needed)s); %(secured)s is secured."
                )
                % {
                    "stage": ProjectStage(stage).label.lower(),
                    "share": int(FUNDED_MIN_SECURED_SHARE * 100),
                    "needed": eur(needed),
                    "secured": eur(secured),
                }
            }
        )


def clean_amount(value: Decimal | int | str, *, field: str) -> Decimal:
    """``value`` as a non-negative Decimal with at most two decimals (else a field error)."""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({field: _("Enter an amount in euros, e.g. 250000 or 250000.50.")})
    if amount < 0:
        raise ValidationError({field: _("The amount cannot be negative.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Give the amount in whole cents (two decimals at most).")})
    if amount >= MAX_AMOUNT:
        raise ValidationError({field: _("The amount must be below %s.") % eur(MAX_AMOUNT)})
    return amount

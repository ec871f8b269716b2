"""Project lists of the pipeline: filters, who sees what, projects with their details."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import (
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.brokerage.enums import FundingSource, FundingStatus
from smartregions.common.models import ActivityLogEntry
from smartregions.organisations.models import Organisation
from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import (
    Partnership,
    PartnershipMember,
    Project,
    ProjectFunding,
    ProjectStageChange,
)
from smartregions.partnerships.rules.pipeline import PUBLIC_PARTNERSHIP_STATUSES
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.models import Country, Region, ThematicPlatform

_MONEY = DecimalField(max_digits=16, decimal_places=2)
_PARTNER_REGIONS = Region.objects.select_related("country").order_by("code")


@dataclass(frozen=True)
class ProjectCriteria:
    """Filters of the pipeline board, the export and the API (all optional, combined with AND).

    ``region_id`` keeps projects the region leads or partners in; ``country_id`` those with a
    lead or partner region in the country; ``source`` those with a funding line from it.
    """

    partnership_ids: tuple[int, ...] = ()
    platform_id: int | None = None
    region_id: int | None = None
    country_id: int | None = None
    stage: str = ""
    source: str = ""


def _unknown(parameter: str, value: str) -> str:
    return _("Unknown %(parameter)s: %(value)s.") % {"parameter": parameter, "value": value}


def resolve_criteria(
    *,
    partnerships: Iterable[str] = (),
    platform: str = "",
    region: str = "",
    country: str = "",
    stage: str = "",
    source: str = "",
    partnership_choices: QuerySet[Partnership] | None = None,
) -> ProjectCriteria:
    """:class:`ProjectCriteria` from slugs and codes (partnership and platform slugs, a NUTS
    code of the current version, a country code, a stage, a funding source).

    ``partnership_choices`` limits the partnerships that may be named (e.g. to those the
    caller may see). Raises a ``ValidationError`` naming each unknown value's parameter.
    """
    errors: dict[str, str] = {}
    slugs = list(dict.fromkeys(partnerships))
    choices = Partnership.objects.all() if partnership_choices is None else partnership_choices
    found = dict(choices.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}
    if missing := [slug for slug in slugs if slug not in found]:
        errors["partnership"] = _unknown("partnership", ", ".join(missing))
    lookups = {
        "platform": (ThematicPlatform.objects.filter(slug=platform.strip()), platform),
        "region": (
            Region.objects.filter(code=region.strip().upper(), nuts_version=current_nuts_version()),
            region,
        ),
        "country": (Country.objects.filter(code=country.strip().upper()), country),
    }
    ids: dict[str, int | None] = {}
    for name, (queryset, value) in lookups.items():
        ids[name] = queryset.values_list("pk", flat=True).first() if value.strip() else None
        if value.strip() and ids[name] is None:
            errors[name] = _unknown(name, value.strip())
    if stage and stage not in ProjectStage.values:
        errors["stage"] = _unknown("stage", stage)
    if source and source not in FundingSource.values:
        errors["source"] = _unknown("source", source)
    if errors:
        raise ValidationError(errors)
    return ProjectCriteria(
        partnership_ids=tuple(found[slug] for slug in slugs),
        platform_id=ids["platform"],
        region_id=ids["region"],
        country_id=ids["country"],
        stage=stage,
        source=source,
    )


def _secured_subquery() -> Subquery:
    return Subquery(
        ProjectFunding.objects.filter(project=OuterRef("pk"), status=FundingStatus.SECURED)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=_MONEY,
    )


def with_secured(queryset: QuerySet[Project]) -> QuerySet[Project]:
    return queryset.annotate(
        secured_amount=Coalesce(_secured_subquery(), Value(Decimal(0)), output_field=_MONEY)
    )


def projects_with_details() -> QuerySet[Project]:
    """Projects with everything a detail page or the API shows, in a fixed number of queries.

    Loads partnership (with its members and their regions, for the permission rules),
    platform, lead region, country and organisation, the proposer, partner regions and
    organisations, and the funding lines; each project carries ``secured_amount`` (EUR
    secured, from SQL).
    """
    return with_secured(
        Project.objects.select_related(
            "partnership",
            "thematic_platform",
            "lead_region",
            "lead_region__country",
            "lead_organisation",
            "created_by",
        ).prefetch_related(
            Prefetch(
                "partnership__members",
                queryset=PartnershipMember.objects.select_related("region").defer(
                    "region__boundary"
                ),
            ),
            Prefetch("partner_regions", queryset=_PARTNER_REGIONS),
            "partner_organisations",
            Prefetch("funding", queryset=ProjectFunding.objects.order_by("source")),
        )
    )


def export_projects(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """The projects of ``queryset`` with what an export row needs, in a stable order."""
    return (
        Project.objects.filter(pk__in=queryset.order_by().values("pk"))
        .select_related(
            "partnership",
            "thematic_platform",
            "lead_region",
            "lead_region__country",
            "lead_organisation",
        )
        .prefetch_related(
            Prefetch("partner_regions", queryset=_PARTNER_REGIONS),
            "partner_organisations",
            "funding",
        )
        .order_by("title", "pk")
    )


def member_partnership_ids(user: Any) -> QuerySet[PartnershipMember]:
    """Ids (a subquery) of the partnerships ``user`` acts for a current member of."""
    summary = summary_of(user)
    return (
        PartnershipMember.objects.filter(left_at__isnull=True)
        .filter(
            Q(region_id__in=summary.region_ids) | Q(organisation_id__in=summary.organisation_ids)
        )
        .values("partnership_id")
    )


def visible_projects(user: Any) -> QuerySet[Project]:
    """Projects ``user`` may see (see :mod:`smartregions.partnerships.rules.pipeline`).

    Everyone sees projects without a partnership and those of active or closed partnerships;
    staff see all; members of a forming partnership and proposers see theirs too (a lead
    region's representatives count only as members: see
    :func:`~smartregions.partnerships.rules.pipeline.represents_lead_region`).
    """
    if is_platform_staff(user):
        return Project.objects.all()
    condition = Q(partnership__isnull=True) | Q(partnership__status__in=PUBLIC_PARTNERSHIP_STATUSES)
    if getattr(user, "is_authenticated", False) and user.is_active:
        condition |= Q(partnership_id__in=member_partnership_ids(user)) | Q(created_by=user)
    return Project.objects.filter(condition)


def visible_partnerships(user: Any) -> QuerySet[Partnership]:
    """Partnerships whose pipeline ``user`` may see (for the board's partnership filter)."""
    qs = Partnership.objects.order_by("name", "pk")
    if is_platform_staff(user):
        return qs
    condition = Q(status__in=PUBLIC_PARTNERSHIP_STATUSES)
    if getattr(user, "is_authenticated", False):
        condition |= Q(pk__in=member_partnership_ids(user))
    return qs.filter(condition)


def filter_projects(queryset: QuerySet[Project], criteria: ProjectCriteria) -> QuerySet[Project]:
    """``queryset`` narrowed by ``criteria``; relations are tested in subqueries, so a project
    is never repeated (no join on partners or funding lines)."""
    if criteria.partnership_ids:
        queryset = queryset.filter(partnership_id__in=criteria.partnership_ids)
    if criteria.platform_id is not None:
        queryset = queryset.filter(thematic_platform_id=criteria.platform_id)
    if criteria.stage:
        queryset = queryset.filter(stage=criteria.stage)
    if criteria.region_id is not None:
        queryset = queryset.filter(
            Q(lead_region_id=criteria.region_id)
            | Q(pk__in=partnering(Q(region_id=criteria.region_id)))
        )
    if criteria.country_id is not None:
        queryset = queryset.filter(
            Q(lead_region__country_id=criteria.country_id)
            | Q(pk__in=partnering(Q(region__country_id=criteria.country_id)))
        )
    if criteria.source:
        queryset = queryset.filter(
            pk__in=ProjectFunding.objects.filter(source=criteria.source).values("project_id")
        )
    return queryset


def partnering(condition: Q) -> QuerySet[Any]:
    """Ids (a subquery) of projects with a partner region matching ``condition``."""
    through = Project.partner_regions.through
    return through.objects.filter(condition).values("project_id")


def organisation_candidates(
    partnership: Partnership | None, *, limit: int = 300
) -> list[Organisation]:
    """Organisations to suggest on a project form, by name: a partnership's member
    organisations and the organisations located in its member regions (or below them); without
    a partnership, the first ``limit`` of the directory."""
    qs = Organisation.objects.order_by("name", "pk")
    if partnership is not None:
        members = list(partnership.members.filter(left_at__isnull=True).select_related("region"))
        condition = Q(pk__in=[m.organisation_id for m in members if m.organisation_id])
        for member in members:
            if member.region is not None:
                condition |= Q(
                    region__nuts_version=member.region.nuts_version,
                    region__code__startswith=member.region.code,
                )
        qs = qs.filter(condition)
    return list(qs.only("slug", "name")[:limit])


@dataclass
class HistoryRow:
    change: ProjectStageChange
    reason: str


def stage_history(project: Project, *, with_reasons: bool) -> list[HistoryRow]:
    """The project's stage changes, oldest first, with who made them.

    With ``with_reasons`` (internal readers) each row carries the reason given for the move,
    kept in the move's activity-log entry (one more query).
    """
    changes = list(project.stage_changes.select_related("by").order_by("at", "id"))
    reasons: dict[int, str] = {}
    if with_reasons:
        entries = ActivityLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Project),
            object_id=str(project.pk),
            action="project.move",
        ).values_list("data", flat=True)
        reasons = {data.get("change_id"): data.get("reason", "") for data in entries}
    return [HistoryRow(change, reasons.get(change.pk, "")) for change in changes]

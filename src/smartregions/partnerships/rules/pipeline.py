"""Who may see and change the investment pipeline (bankable interregional projects).

* **Reading is public** for projects of active or closed partnerships and for projects without a
  partnership (the platform's own pipeline): the pipeline exists to be seen by investors and
  managing authorities. Projects of a partnership that is still forming are seen by platform
  staff, the partnership's members, representatives of the project's lead region and the person
  who proposed it.
* **Public fields**: title, acronym, description, value-chain segment, TRLs, thematic platform,
  partnership, lead and partner regions and organisations, budget, stage, the funding mix
  (source, status, amount) and the dates of stage changes. **Internal fields**, shown only with
  ``partnerships.view_project_internals`` (staff, members of the partnership, lead-region
  representatives, the proposer): the notes on funding lines, who proposed the project, who
  moved it and why it moved back.
* **Lead-region representatives** count for a platform project, and for a partnership's
  project only while they represent a current member region of the partnership that is (or
  contains) the lead region; the domain accepts only lead regions within the partnership.
* **Proposing**: members of a partnership that is not closed (any role) and platform staff add
  projects to it; every project starts as an idea. Only staff add projects without a
  partnership.
* **Editing** (fields and funding mix): platform staff, the partnership's leaders (lead and
  co-leads), representatives of the project's lead region, and the proposer while the project is
  still an idea.
* **Moving** between stages: platform staff and the partnership's leaders.
* **Deleting**: staff and leaders, only while the project is an idea (later stages are part of
  the pipeline's record; move the project back instead).
* Once the partnership is **closed** its pipeline is an archive: the domain refuses every
  change to its projects (the pages hide the controls).
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_platform_staff, summary_of
from smartregions.partnerships.enums import PartnershipStatus, ProjectStage
from smartregions.partnerships.rules.base import (
    is_partnership_leader,
    is_partnership_member,
    region_lies_in,
)

#: Partnership statuses whose projects anyone may see.
PUBLIC_PARTNERSHIP_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED)


@rules.predicate
def is_public_project(user: Any, project: Any) -> bool:
    """The project has no partnership, or its partnership is active or closed."""
    if project is None:
        return False
    partnership = project.partnership
    return partnership is None or partnership.status in PUBLIC_PARTNERSHIP_STATUSES


@rules.predicate
def leads_project_partnership(user: Any, project: Any) -> bool:
    """Leads (lead or co-lead member) the project's partnership."""
    return project is not None and is_partnership_leader(user, project.partnership)


@rules.predicate
def belongs_to_project_partnership(user: Any, project: Any) -> bool:
    """Acts for any current member of the project's partnership."""
    return project is not None and is_partnership_member(user, project.partnership)


@rules.predicate
def represents_lead_region(user: Any, project: Any) -> bool:
    """Represents the project's lead region (or a region above it), where that counts: always
    for a platform project; for a partnership's project only while the user represents a current
    member region of the partnership that is (or contains) the lead region.

    Why: naming a region as lead must not hand the project to its representatives, and a region
    that left the partnership no longer edits the projects it led. Reads
    ``partnership.members.all()`` and, unless a member is the lead region itself, each member's
    region (prefetch ``members__region``).
    """
    if project is None:
        return False
    region_ids = summary_of(user).region_ids
    if project.lead_region_id not in region_ids:
        return False
    partnership = project.partnership
    if partnership is None:
        return True
    return any(
        member.left_at is None
        and member.region_id in region_ids
        and (
            member.region_id == project.lead_region_id
            or region_lies_in(project.lead_region, member.region)
        )
        for member in partnership.members.all()
    )


@rules.predicate
def proposed_project(user: Any, project: Any) -> bool:
    """Is the signed-in, active user who proposed the project."""
    return (
        project is not None
        and bool(getattr(user, "is_authenticated", False) and user.is_active)
        and project.created_by_id == user.pk
    )


@rules.predicate
def is_idea(user: Any, project: Any) -> bool:
    """The project is still at the idea stage."""
    return project is not None and project.stage == ProjectStage.IDEA


@rules.predicate
def may_propose_to(user: Any, partnership: Any) -> bool:
    """Without a partnership: platform staff. With one that is not closed: staff or a member."""
    if partnership is None:
        return is_platform_staff(user)
    if partnership.status == PartnershipStatus.CLOSED:
        return False
    return is_platform_staff(user) or is_partnership_member(user, partnership)


@rules.predicate
def is_public_partnership(user: Any, partnership: Any) -> bool:
    """The partnership is active or closed (its pipeline page is public)."""
    return partnership is not None and partnership.status in PUBLIC_PARTNERSHIP_STATUSES


is_project_insider = (
    is_platform_staff | belongs_to_project_partnership | represents_lead_region | proposed_project
)

rules.add_perm("partnerships.view_project", is_public_project | is_project_insider)
rules.add_perm("partnerships.view_project_internals", is_project_insider)
rules.add_perm("partnerships.add_project", may_propose_to)
rules.add_perm(
    "partnerships.change_project",
    is_platform_staff
    | leads_project_partnership
    | represents_lead_region
    | (proposed_project & is_idea),
)
rules.add_perm("partnerships.move_project", is_platform_staff | leads_project_partnership)
rules.add_perm(
    "partnerships.delete_project", (is_platform_staff | leads_project_partnership) & is_idea
)
rules.add_perm(
    "partnerships.view_pipeline",
    is_public_partnership | is_platform_staff | is_partnership_member,
)

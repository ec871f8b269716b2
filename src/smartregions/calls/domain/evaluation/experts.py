"""The expert pool and call panels: platform staff register, edit and (de)activate experts.

Experts are vetted people, so nobody enrols themselves: staff register an existing user as an
expert (granting them the ``expert`` role) with their affiliations (used to exclude conflicts
of interest), thematic areas and free-text expertise (used to fit them to applications) and
the most reviews they take per call. A deactivated expert gets no new reviews and loses access
to the ones they hold (staff reassign them); reactivating restores both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.calls.domain.evaluation import notifications
from smartregions.calls.domain.queries.evaluation import forget_cached_expert
from smartregions.calls.models import Call, Expert
from smartregions.common.domain.activity import log_activity
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Country, Region, ThematicArea

#: The most reviews per call an expert may be given (a sanity bound on ``max_load``).
MAX_LOAD_LIMIT = 100
_UNSET: Any = object()


def _check_max_load(max_load: int) -> None:
    if not 1 <= max_load <= MAX_LOAD_LIMIT:
        raise ValidationError(
            {
                "max_load": _("The maximum load is a number of reviews from 1 to %d.")
                % MAX_LOAD_LIMIT
            }
        )


def _lock_expert(expert: Expert) -> Expert:
    expert.refresh_from_db(from_queryset=Expert.objects.select_for_update())
    return expert


@transaction.atomic
def register_expert(
    *,
    actor: Any,
    user: User,
    organisation: Organisation | None = None,
    region: Region | None = None,
    country: Country | None = None,
    thematic_areas: Sequence[ThematicArea] = (),
    expertise: str = "",
    max_load: int = 10,
) -> Expert:
    """Add ``user`` to the expert pool (staff), active at once.

    Grants the ``expert`` role unless the user holds it; a user has one expert profile, and a
    deactivated user cannot become an expert. Records ``expert.register``.
    """
    if Expert.objects.filter(user=user).exists():
        raise ValidationError({"user": _("%s is already in the expert pool.") % user.email})
    if not user.is_active:
        raise ValidationError({"user": _("%s is a deactivated account.") % user.email})
    _check_max_load(max_load)
    expert = Expert(
        user=user,
        organisation=organisation,
        region=region,
        country=country,
        expertise=expertise.strip(),
        max_load=max_load,
    )
    expert.full_clean()
    expert.save()
    expert.thematic_areas.set(thematic_areas)
    if not Membership.objects.filter(user=user, role=Role.EXPERT).exists():
        grant_membership(actor=actor, user=user, role=Role.EXPERT)
    log_activity(actor=actor, action="expert.register", obj=expert, data={"user_id": user.pk})
    forget_cached_expert(user)
    return expert


@transaction.atomic
def update_expert(
    *,
    actor: Any,
    expert: Expert,
    organisation: Organisation | None = _UNSET,
    region: Region | None = _UNSET,
    country: Country | None = _UNSET,
    thematic_areas: Sequence[ThematicArea] | None = None,
    expertise: str | None = None,
    max_load: int | None = None,
) -> Expert:
    """Change an expert's affiliations, areas, expertise or maximum load (staff).

    Arguments left out keep their value (``None`` clears an affiliation). A lower maximum load
    never takes reviews away; it limits the next automatic assignment. Records
    ``expert.update`` with the changed fields.
    """
    _lock_expert(expert)
    changed: list[str] = []
    for name, value in (("organisation", organisation), ("region", region), ("country", country)):
        if value is not _UNSET and value != getattr(expert, name):
            setattr(expert, name, value)
            changed.append(name)
    if expertise is not None and expertise.strip() != expert.expertise:
        expert.expertise = expertise.strip()
        changed.append("expertise")
    if max_load is not None and max_load != expert.max_load:
        _check_max_load(max_load)
        expert.max_load = max_load
        changed.append("max_load")
    expert.full_clean()
    expert.save()
    if thematic_areas is not None and {a.pk for a in thematic_areas} != set(
        expert.thematic_areas.values_list("pk", flat=True)
    ):
        expert.thematic_areas.set(thematic_areas)
        changed.append("thematic_areas")
    log_activity(actor=actor, action="expert.update", obj=expert, data={"changed": changed})
    return expert


def _set_active(*, actor: Any, expert: Expert, active: bool) -> Expert:
    _lock_expert(expert)
    if expert.is_active == active:
        state = _("active") if active else _("deactivated")
        raise ValidationError(
            {
                "is_active": _("%(expert)s is already %(state)s.")
                % {"expert": expert, "state": state}
            }
        )
    expert.is_active = active
    expert.save(update_fields=["is_active"])
    action = "expert.reactivate" if active else "expert.deactivate"
    log_activity(actor=actor, action=action, obj=expert)
    forget_cached_expert(expert.user)
    return expert


@transaction.atomic
def deactivate_expert(*, actor: Any, expert: Expert) -> Expert:
    """Take an expert out of the pool (staff): no new reviews, no access to held ones.

    Their assigned reviews stay for staff to remove and reassign. Records
    ``expert.deactivate``.
    """
    return _set_active(actor=actor, expert=expert, active=False)


@transaction.atomic
def reactivate_expert(*, actor: Any, expert: Expert) -> Expert:
    """Bring a deactivated expert back into the pool (staff). Records ``expert.reactivate``."""
    return _set_active(actor=actor, expert=expert, active=True)


@transaction.atomic
def add_to_panel(*, actor: Any, call: Call, experts: Sequence[Expert]) -> list[Expert]:
    """Put active experts on the call's panel (staff); returns those newly added.

    Once a call has a panel, only its experts review the call's applications. Inactive experts
    are refused, experts already on the panel are skipped. The new members are notified.
    Records ``call.panel_add``.
    """
    inactive = [str(e) for e in experts if not e.is_active]
    if inactive:
        raise ValidationError(
            {"experts": _("Not active in the expert pool: %s") % ", ".join(inactive)}
        )
    present = set(call.panel.values_list("pk", flat=True))
    added = [e for e in dict.fromkeys(experts) if e.pk not in present]
    if not added:
        raise ValidationError({"experts": _("These experts are already on the panel.")})
    call.panel.add(*added)
    log_activity(
        actor=actor, action="call.panel_add", obj=call, data={"expert_ids": [e.pk for e in added]}
    )
    notifications.notify_panel_joined(added, call, actor=actor)
    return added


@transaction.atomic
def remove_from_panel(*, actor: Any, call: Call, expert: Expert) -> None:
    """Take an expert off the call's panel (staff). Reviews they already hold stay.

    Records ``call.panel_remove``.
    """
    if not call.panel.filter(pk=expert.pk).exists():
        raise ValidationError({"expert": _("%s is not on the panel.") % expert})
    call.panel.remove(expert)
    log_activity(actor=actor, action="call.panel_remove", obj=call, data={"expert_id": expert.pk})

"""Actions of a plan: owner, deadline, status and the actions each one waits for.

Status workflow (:data:`ACTION_TRANSITIONS`)::

    planned     -> in_progress, blocked, done, cancelled
    in_progress -> blocked, done, cancelled
    blocked     -> planned, in_progress, cancelled
    done        -> in_progress   (reopen; refused while an action depending on it is done)
    cancelled   -> planned       (restore)

An action may be done only when every action it depends on is done. Dependencies stay inside
one plan, an action never depends on itself, and cycles are refused with the chain that would
close. Writes lock the plan row, so concurrent dependency changes cannot close a cycle
together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from smartregions.accounts.models import User
from smartregions.common.domain.activity import log_activity
from smartregions.common.domain.notifications import notify
from smartregions.partnerships.domain.notifications_partnerships import (
    member_users,
    users_acting_for,
)
from smartregions.partnerships.domain.plans import lock_plan, plan_url
from smartregions.partnerships.enums import ActionStatus
from smartregions.partnerships.models import Action, ActionPlan, Partnership

#: Allowed moves of an action's status; anything else is refused.
ACTION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ActionStatus.PLANNED: (
        ActionStatus.IN_PROGRESS,
        ActionStatus.BLOCKED,
        ActionStatus.DONE,
        ActionStatus.CANCELLED,
    ),
    ActionStatus.IN_PROGRESS: (ActionStatus.BLOCKED, ActionStatus.DONE, ActionStatus.CANCELLED),
    ActionStatus.BLOCKED: (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS, ActionStatus.CANCELLED),
    ActionStatus.DONE: (ActionStatus.IN_PROGRESS,),
    ActionStatus.CANCELLED: (ActionStatus.PLANNED,),
}

#: Statuses in which an action no longer counts as open work (never overdue).
CLOSED_ACTION_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


def owner_candidates(plan: ActionPlan) -> list[User]:
    """Who may own an action of ``plan``: the users acting for a current member of its
    partnership, or for its region (representatives, also of a region above it)."""
    if plan.partnership_id is not None:
        return member_users(Partnership(pk=plan.partnership_id))
    return users_acting_for([plan])


def _owner_of(
    plan: ActionPlan, owner: Any, owner_name: str, *, previous: int | None = None
) -> tuple[Any, str]:
    owner_name = owner_name.strip()
    if owner is not None and owner_name:
        raise ValidationError(
            {"owner_name": _("Give the owner as a platform user or as a name, not both.")}
        )
    if (
        owner is not None
        and owner.pk != previous
        and owner.pk not in {u.pk for u in owner_candidates(plan)}
    ):
        where = _("a member of the partnership") if plan.partnership_id else _("the region")
        raise ValidationError(
            {"owner": _("%(user)s does not act for %(where)s.") % {"user": owner, "where": where}}
        )
    return owner, owner_name


def _lock_action(action: Action) -> tuple[ActionPlan, Action]:
    plan = lock_plan(ActionPlan(pk=action.plan_id))
    action.refresh_from_db()
    return plan, action


def _graph(plan: ActionPlan) -> dict[int, set[int]]:
    """Action id -> ids of the actions it depends on, for the whole plan (one query)."""
    through = Action.depends_on.through
    edges: dict[int, set[int]] = {}
    for source, target in through.objects.filter(from_action__plan=plan).values_list(
        "from_action_id", "to_action_id"
    ):
        edges.setdefault(source, set()).add(target)
    return edges


def _chain(edges: dict[int, set[int]], start: int, goal: int) -> list[int] | None:
    """A dependency path from ``start`` to ``goal`` (breadth first), or ``None``."""
    previous: dict[int, int | None] = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        if node == goal:
            path = [node]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for target in sorted(edges.get(node, ())):
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return None


def _check_dependencies(action: Action, plan: ActionPlan, depends_on: Sequence[Action]) -> None:
    """Same plan, not itself, no cycle, and a done action only waits for done actions."""
    problems: list[str] = []
    for other in depends_on:
        if other.pk == action.pk:
            problems.append(_("An action cannot depend on itself."))
        elif other.plan_id != plan.pk:
            problems.append(_("%(title)s belongs to another plan.") % {"title": other.title})
    if problems:
        raise ValidationError({"depends_on": problems})
    edges = _graph(plan)
    edges[action.pk] = set()  # its current dependencies are being replaced
    titles = dict(Action.objects.filter(plan=plan).values_list("pk", "title"))
    for other in depends_on:
        path = _chain(edges, other.pk, action.pk)
        if path is not None:
            names = " → ".join(titles.get(pk, str(pk)) for pk in [action.pk, *path])
            raise ValidationError(
                {"depends_on": _("This would make a cycle: %(chain)s.") % {"chain": names}}
            )
    if action.status == ActionStatus.DONE:
        waiting = [o.title for o in depends_on if o.status != ActionStatus.DONE]
        if waiting:
            raise ValidationError(
                {
                    "depends_on": _("A done action cannot wait for unfinished actions: %(titles)s.")
                    % {"titles": ", ".join(waiting)}
                }
            )


def _notify_owner(action: Action, *, title: str, actor: Any) -> None:
    if action.owner_id is not None:
        notify(
            recipients=[action.owner],
            kind="plan.action",
            title=title,
            body=action.description,
            url=plan_url(ActionPlan(pk=action.plan_id)),
            exclude=actor,
        )


def _dependencies(depends_on: Iterable[Action]) -> list[Action]:
    """Fresh rows of ``depends_on`` (their status and plan as committed)."""
    return list(Action.objects.filter(pk__in=sorted({a.pk for a in depends_on})))


@transaction.atomic
def add_action(
    *,
    actor: Any,
    plan: ActionPlan,
    title: str,
    description: str = "",
    owner: Any = None,
    owner_name: str = "",
    deadline: Any = None,
    depends_on: Iterable[Action] = (),
) -> Action:
    """Append an action to the plan (status planned), with its dependencies.

    The owner is a user acting for a member (or for the region): :func:`owner_candidates`.
    Records ``plan.action_add`` and notifies the owner.
    """
    lock_plan(plan)
    owner, owner_name = _owner_of(plan, owner, owner_name)
    last = plan.actions.aggregate(top=Max("position"))["top"]
    action = Action(
        plan=plan,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        owner_name=owner_name,
        deadline=deadline,
        position=0 if last is None else last + 1,
    )
    action.full_clean()
    action.save()
    dependencies = _dependencies(depends_on)
    _check_dependencies(action, plan, dependencies)
    action.depends_on.set(dependencies)
    log_activity(
        actor=actor,
        action="plan.action_add",
        obj=plan,
        data={"action_id": action.pk, "depends_on": [d.pk for d in dependencies]},
    )
    _notify_owner(
        action, title=_("You own the action %(title)s") % {"title": action.title}, actor=actor
    )
    return action


@transaction.atomic
def update_action(
    *,
    actor: Any,
    action: Action,
    title: str,
    description: str = "",
    owner: Any = None,
    owner_name: str = "",
    deadline: Any = None,
) -> Action:
    """Change an action's title, description, owner and deadline. Records
    ``plan.action_update``; a new owner is notified."""
    plan, action = _lock_action(action)
    previous_owner = action.owner_id
    owner, owner_name = _owner_of(plan, owner, owner_name, previous=previous_owner)
    action.title, action.description = title.strip(), description.strip()
    action.owner, action.owner_name, action.deadline = owner, owner_name, deadline
    action.full_clean()
    action.save()
    log_activity(actor=actor, action="plan.action_update", obj=plan, data={"action_id": action.pk})
    if action.owner_id != previous_owner:
        _notify_owner(
            action, title=_("You own the action %(title)s") % {"title": action.title}, actor=actor
        )
    return action


@transaction.atomic
def set_action_dependencies(*, actor: Any, action: Action, depends_on: Iterable[Action]) -> Action:
    """Replace the actions ``action`` waits for (same plan, no cycle, not itself).

    Records ``plan.action_dependencies``.
    """
    plan, action = _lock_action(action)
    dependencies = _dependencies(depends_on)
    _check_dependencies(action, plan, dependencies)
    action.depends_on.set(dependencies)
    log_activity(
        actor=actor,
        action="plan.action_dependencies",
        obj=plan,
        data={"action_id": action.pk, "depends_on": [d.pk for d in dependencies]},
    )
    return action


@transaction.atomic
def change_action_status(*, actor: Any, action: Action, status: str) -> Action:
    """Move an action along :data:`ACTION_TRANSITIONS`.

    Done needs every dependency done; reopening a done action is refused while an action that
    depends on it is done. Records ``plan.action_status`` and notifies the owner.
    """
    plan, action = _lock_action(action)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status: %(status)s.") % {"status": status}})
    if status not in ACTION_TRANSITIONS[action.status]:
        raise ValidationError(
            {
                "status": _("A %(from)s action cannot become %(to)s.")
                % {
                    "from": action.get_status_display().lower(),
                    "to": ActionStatus(status).label.lower(),
                }
            }
        )
    if status == ActionStatus.DONE:
        waiting = list(
            action.depends_on.exclude(status=ActionStatus.DONE).values_list("title", flat=True)
        )
        if waiting:
            raise ValidationError(
                {
                    "status": _("Finish the actions it depends on first: %(titles)s.")
                    % {"titles": ", ".join(waiting)}
                }
            )
    if action.status == ActionStatus.DONE:
        done_after = list(
            action.dependents.filter(status=ActionStatus.DONE).values_list("title", flat=True)
        )
        if done_after:
            raise ValidationError(
                {
                    "status": _("Done actions depend on it: %(titles)s. Reopen them first.")
                    % {"titles": ", ".join(done_after)}
                }
            )
    previous = action.status
    action.status = status
    action.completed_at = timezone.now() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "completed_at"])
    log_activity(
        actor=actor,
        action="plan.action_status",
        obj=plan,
        data={"action_id": action.pk, "from": previous, "to": status},
    )
    _notify_owner(
        action,
        title=_("%(title)s is now %(status)s")
        % {"title": action.title, "status": action.get_status_display().lower()},
        actor=actor,
    )
    return action


@transaction.atomic
def delete_action(*, actor: Any, action: Action) -> None:
    """Delete an action no other action depends on. Records ``plan.action_delete``."""
    plan, action = _lock_action(action)
    waiting = list(action.dependents.values_list("title", flat=True))
    if waiting:
        raise ValidationError(
            {
                "action": _("Other actions depend on it: %(titles)s. Remove those links first.")
                % {"titles": ", ".join(waiting)}
            }
        )
    log_activity(
        actor=actor,
        action="plan.action_delete",
        obj=plan,
        data={"action_id": action.pk, "title": action.title},
    )
    action.delete()

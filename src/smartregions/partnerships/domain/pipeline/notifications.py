"""Who hears about pipeline changes, and the messages they get (in-app and by e-mail).

A project concerns the leaders of its partnership (see
:func:`~smartregions.partnerships.domain.notifications_partnerships.leader_users`) and its
owners: the representatives of its lead region (or of a region above it, as the permission
rules count them) and the person who proposed it. Recipients are read inside the caller's
transaction; :func:`~smartregions.common.domain.notifications.notify` e-mails on commit. The
actor is never told about their own change.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.common.domain.notifications import notify
from smartregions.partnerships.domain.notifications_partnerships import leader_users
from smartregions.partnerships.enums import ProjectStage
from smartregions.partnerships.models import Project, ProjectFunding


def project_owner_users(project: Project) -> list[User]:
    """Active representatives of the project's lead region (or a region above it) and its
    proposer, by e-mail."""
    region = project.lead_region
    representing = Membership.objects.filter(
        role=Role.REGION_REPRESENTATIVE,
        region__nuts_version=region.nuts_version,
        region__code__in=[region.code[:n] for n in range(2, len(region.code) + 1)],
    ).values("user_id")
    condition = Q(pk__in=representing)
    if project.created_by_id is not None:
        condition |= Q(pk=project.created_by_id)
    return list(User.objects.filter(condition, is_active=True).order_by("email"))


def _recipients(project: Project) -> list[User]:
    leaders = leader_users(project.partnership) if project.partnership is not None else []
    return [*leaders, *project_owner_users(project)]


def _where(project: Project) -> str:
    if project.partnership is not None:
        return _("in the pipeline of %s") % project.partnership.name
    return _("in the %s platform's pipeline") % project.thematic_platform.name


def _url(project: Project) -> str:
    return reverse("web:project-detail", args=[project.pk])


def _name(user: Any) -> str:
    return (getattr(user, "full_name", "") or "").strip() or _("Someone")


def notify_project_proposed(project: Project, *, actor: Any) -> None:
    """Tell the partnership's leaders (and the lead region's representatives) about a new idea."""
    notify(
        recipients=_recipients(project),
        kind="pipeline.project_proposed",
        title=_("New project idea: %s") % project.title,
        body=_("%(who)s proposed the project “%(title)s” %(where)s.")
        % {"who": _name(actor), "title": project.title, "where": _where(project)},
        url=_url(project),
        exclude=actor,
    )


def notify_project_moved(
    project: Project, *, actor: Any, from_stage: str, reason: str = ""
) -> None:
    """Tell the leaders and the project's owners that it moved to another stage (and why)."""
    body = _("“%(title)s” moved from %(from)s to %(to)s %(where)s.") % {
        "title": project.title,
        "from": ProjectStage(from_stage).label,
        "to": project.get_stage_display(),
        "where": _where(project),
    }
    if reason:
        body += "\n\n" + _("Reason: %s") % reason
    notify(
        recipients=_recipients(project),
        kind="pipeline.project_moved",
        title=_("%(title)s is now: %(stage)s")
        % {"title": project.title, "stage": project.get_stage_display()},
        body=body,
        url=_url(project),
        exclude=actor,
    )


def notify_funding_secured(project: Project, line: ProjectFunding, *, actor: Any) -> None:
    """Tell the leaders and the project's owners that a funding source was secured."""
    notify(
        recipients=_recipients(project),
        kind="pipeline.funding_secured",
        title=_("Funding secured for %s") % project.title,
        body=_("%(source)s secured %(amount)s EUR for “%(title)s” %(where)s.")
        % {
            "source": line.get_source_display(),
            "amount": f"{line.amount:,.2f}",
            "title": project.title,
            "where": _where(project),
        },
        url=_url(project),
        exclude=actor,
    )


def notify_project_deleted(project: Project, *, actor: Any) -> None:
    """Tell the project's owners (its proposer above all) that the idea was deleted."""
    target = (
        reverse("web:partnership-pipeline", args=[project.partnership.slug])
        if project.partnership is not None
        else reverse("web:pipeline-board")
    )
    notify(
        recipients=project_owner_users(project),
        kind="pipeline.project_deleted",
        title=_("Project idea deleted: %s") % project.title,
        body=_("%(who)s deleted the project idea “%(title)s” %(where)s.")
        % {"who": _name(actor), "title": project.title, "where": _where(project)},
        url=target,
        exclude=actor,
    )

"""Who hears about calls and applications, and the notices they get (in-app and e-mail).

A user acts for a region when they represent it or a region above it (a NUTS-2 representative
acts for the NUTS-3 regions below, as the permission rules do), and for an organisation when
they are one of its members. The *applicants* of an application are the users acting for its
lead region and lead organisation (whoever started it hears only while they still act for the
lead, as the permission rules say); its *co-applicants* are the users
acting for its invited or confirmed co-applicant regions and organisations. Recipients are read
inside the caller's transaction; :func:`~smartregions.common.domain.notifications.notify` sends
the e-mails once it commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from smartregions.accounts.domain.queries import platform_staff_users, users_acting_for
from smartregions.accounts.models import User
from smartregions.calls.domain.times import format_in_zone
from smartregions.calls.enums import ApplicationStatus, CoApplicantStatus
from smartregions.calls.models import Application, Call, CallQuestion, CoApplicant
from smartregions.common.domain.notifications import notify


def staff_users() -> list[User]:
    """Active platform administrators and facilitators (and superusers)."""
    return platform_staff_users()


def applicant_users(applications: Iterable[Application]) -> list[User]:
    """The users acting for the lead region or organisation of ``applications``."""
    applications = list(applications)
    return users_acting_for(
        regions=[a.lead_region for a in applications if a.lead_region_id is not None],
        organisation_ids=[a.lead_organisation_id for a in applications if a.lead_organisation_id],
    )


def co_applicant_users(co_applicants: Iterable[CoApplicant]) -> list[User]:
    """The users acting for the given co-applicant regions and organisations."""
    co_applicants = list(co_applicants)
    return users_acting_for(
        regions=[c.region for c in co_applicants if c.region_id is not None],
        organisation_ids=[c.organisation_id for c in co_applicants if c.organisation_id],
    )


def _confirmed(application: Application) -> list[CoApplicant]:
    return list(
        application.co_applicants.filter(status=CoApplicantStatus.CONFIRMED).select_related(
            "region"
        )
    )


def application_url(application: Application) -> str:
    """The site-relative link of an application's page."""
    return reverse("web:application-detail", args=[application.pk])


def call_url(call: Call) -> str:
    """The site-relative link of a call's page."""
    return reverse("web:call-detail", args=[call.slug])


def notify_call_published(call: Call, *, actor: Any) -> None:
    """Tell the other platform staff that ``call`` is published."""
    notify(
        recipients=staff_users(),
        kind="call.published",
        title=_("Call published: %s") % call.title,
        body=_("Deadline: %s") % format_in_zone(call.deadline, call.timezone),
        url=call_url(call),
        exclude=actor,
    )


def notify_call_closed(call: Call, *, actor: Any) -> None:
    """Tell the applicants of ``call``'s draft applications that they can no longer submit."""
    drafts = Application.objects.filter(call=call, status=ApplicationStatus.DRAFT).select_related(
        "lead_region"
    )
    notify(
        recipients=applicant_users(drafts),
        kind="call.closed",
        title=_("Call closed: %s") % call.title,
        body=_("The call is closed; your draft application can no longer be submitted."),
        url=call_url(call),
        exclude=actor,
    )


def notify_question_asked(question: CallQuestion, *, actor: Any) -> None:
    """Tell platform staff there is a question to answer."""
    notify(
        recipients=staff_users(),
        kind="call.question",
        title=_("New question on %s") % question.call.title,
        body=question.question,
        url=call_url(question.call),
        exclude=actor,
    )


def notify_question_answered(question: CallQuestion, *, actor: Any) -> None:
    """Tell the asker that their question has an answer."""
    notify(
        recipients=[question.asked_by],
        kind="call.question_answered",
        title=_("Your question on %s was answered") % question.call.title,
        body=f"{question.question}\n\n{question.answer}",
        url=call_url(question.call),
        exclude=actor,
    )


def notify_invited(co_applicant: CoApplicant, *, actor: Any) -> None:
    """Tell the invited region's representatives or organisation's members about the invitation."""
    application = co_applicant.application
    notify(
        recipients=co_applicant_users([co_applicant]),
        kind="application.invited",
        title=_("Invitation to join “%(application)s” (%(call)s)")
        % {"application": application.title, "call": application.call.title},
        body=co_applicant.message,
        url=application_url(application),
        exclude=actor,
    )


def notify_invitation_answered(co_applicant: CoApplicant, *, actor: Any) -> None:
    """Tell the applicants that a co-applicant confirmed or declined."""
    application = co_applicant.application
    notify(
        recipients=applicant_users([application]),
        kind=f"application.co_applicant_{co_applicant.status}",
        title=_("%(party)s %(answer)s your invitation to “%(application)s”")
        % {
            "party": co_applicant,
            "answer": co_applicant.get_status_display().lower(),
            "application": application.title,
        },
        body=co_applicant.message if co_applicant.status == CoApplicantStatus.DECLINED else "",
        url=application_url(application),
        exclude=actor,
    )


def notify_co_applicant_removed(co_applicant: CoApplicant, *, actor: Any) -> None:
    """Tell a removed co-applicant's users that they are no longer in the application."""
    application = co_applicant.application
    notify(
        recipients=co_applicant_users([co_applicant]),
        kind="application.co_applicant_removed",
        title=_("%(party)s was removed from “%(application)s”")
        % {"party": co_applicant, "application": application.title},
        url=call_url(application.call),
        exclude=actor,
    )


def notify_submitted(application: Application, *, actor: Any) -> None:
    """Tell applicants, confirmed co-applicants and platform staff about a submission."""
    call = application.call
    body = _("Submitted on %(when)s for the %(stage)s of %(call)s.") % {
        "when": format_in_zone(application.submitted_at, call.timezone),
        "stage": application.get_stage_display().lower(),
        "call": call.title,
    }
    if application.cutoff_id is not None:
        body += " " + _("It will be evaluated with the cut-off of %s.") % format_in_zone(
            application.cutoff.at, call.timezone
        )
    notify(
        recipients=[
            *applicant_users([application]),
            *co_applicant_users(_confirmed(application)),
            *staff_users(),
        ],
        kind="application.submitted",
        title=_("Application submitted: %s") % application.title,
        body=body,
        url=application_url(application),
    )


def notify_withdrawn(
    application: Application, *, actor: Any, note: str, was_submitted: bool
) -> None:
    """Tell applicants and confirmed co-applicants (and staff, if it was submitted) about a
    withdrawal, with its reason."""
    recipients = [*applicant_users([application]), *co_applicant_users(_confirmed(application))]
    if was_submitted:
        recipients += staff_users()
    notify(
        recipients=recipients,
        kind="application.withdrawn",
        title=_("Application withdrawn: %s") % application.title,
        body=_("Reason: %s") % note,
        url=application_url(application),
        exclude=actor,
    )

"""Permissions of the calls app: applications, their consortium and their files.

* The *applicants* are the representatives of the lead region (or a region above it) and the
  members of the lead organisation. They edit the draft, invite and remove co-applicants,
  upload files, submit and withdraw. Whoever started the application has no right of their
  own: once their membership is revoked, they lose it like any other former representative.
* Co-applicants (regions and organisations invited or confirmed) read the application; the
  people acting for an invited co-applicant answer the invitation.
* Platform staff read every application once it has been submitted at some stage (never a
  first draft, not even one withdrawn before it was submitted).
* Attachments are downloaded by whoever may read the application.

Whether the application is still in a state for the step is the domain functions' business
(:mod:`smartregions.calls.domain.applications`); these rules say *who*.
"""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user, is_platform_staff, summary_of
from smartregions.calls.domain.queries.applications import has_been_submitted
from smartregions.calls.enums import CoApplicantStatus
from smartregions.organisations.models import Organisation
from smartregions.regions.models import Region


def _acts_for(user: Any, *, region_id: int | None, organisation_id: int | None) -> bool:
    summary = summary_of(user)
    return (region_id is not None and region_id in summary.region_ids) or (
        organisation_id is not None and organisation_id in summary.organisation_ids
    )


@rules.predicate
def acts_for_lead(user: Any, party: Any) -> bool:
    """Represents the region, or is a member of the organisation, ``party`` (a would-be lead)."""
    if isinstance(party, Region):
        return _acts_for(user, region_id=party.pk, organisation_id=None)
    if isinstance(party, Organisation):
        return _acts_for(user, region_id=None, organisation_id=party.pk)
    return False


@rules.predicate
def is_applicant(user: Any, application: Any) -> bool:
    """Acts for the lead region or lead organisation of ``application`` now."""
    if application is None or not is_active_user(user):
        return False
    return _acts_for(
        user,
        region_id=application.lead_region_id,
        organisation_id=application.lead_organisation_id,
    )


@rules.predicate
def is_co_applicant(user: Any, application: Any) -> bool:
    """Acts for an invited or confirmed co-applicant (reads ``application.co_applicants``)."""
    if application is None:
        return False
    return any(
        co.status in (CoApplicantStatus.INVITED, CoApplicantStatus.CONFIRMED)
        and _acts_for(user, region_id=co.region_id, organisation_id=co.organisation_id)
        for co in application.co_applicants.all()
    )


@rules.predicate
def was_submitted(user: Any, application: Any) -> bool:
    """The application has been submitted at some stage (it is not a first draft, withdrawn or
    not)."""
    return application is not None and has_been_submitted(application)


@rules.predicate
def acts_for_co_applicant(user: Any, co_applicant: Any) -> bool:
    """Acts for the region or organisation of ``co_applicant``."""
    return co_applicant is not None and _acts_for(
        user, region_id=co_applicant.region_id, organisation_id=co_applicant.organisation_id
    )


can_read = is_applicant | is_co_applicant | (is_platform_staff & was_submitted)

rules.add_perm("calls.lead_application", acts_for_lead)
rules.add_perm("calls.view_application", can_read)
rules.add_perm("calls.edit_application", is_applicant)
rules.add_perm("calls.submit_application", is_applicant)
rules.add_perm("calls.withdraw_application", is_applicant)
rules.add_perm("calls.answer_invitation", acts_for_co_applicant)

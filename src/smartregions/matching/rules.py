"""Who may do what in partner finding and the organisation marketplace (django-rules)."""

from __future__ import annotations

from typing import Any

import rules

from smartregions.accounts.rules import is_active_user, is_platform_staff, summary_of

# ---------------------------------------------------------------------------------------------
# Organisation marketplace (cooperation profiles, expressions of interest, saved searches)
#
# * Members of an organisation (and platform staff) create, edit, publish, withdraw and renew
#   its cooperation profiles and see its drafts. Without an object, "add" asks whether the user
#   may create a profile for some organisation at all.
# * An active user who is a member of an organisation other than the profile's may express
#   interest in a profile; staff without such a membership may not (they act for no one).
# * Members of the profile's organisation answer (accept / decline) expressions of interest;
#   members of the sending organisation withdraw them; both sides and staff may view them.
# * Any active user keeps saved searches; only their owner may change them.
# ---------------------------------------------------------------------------------------------


@rules.predicate
def is_member_of_profile_organisation(user: Any, profile: Any) -> bool:
    """The user is a member of the organisation that owns ``profile``."""
    return profile is not None and profile.organisation_id in summary_of(user).organisation_ids


@rules.predicate
def is_member_of_any_organisation(user: Any) -> bool:
    """The user is a member of at least one organisation."""
    return bool(summary_of(user).organisation_ids)


@rules.predicate
def is_member_of_target_organisation(user: Any, organisation: Any) -> bool:
    """``organisation`` is None or one the user is a member of (creating a profile for it)."""
    ids = summary_of(user).organisation_ids
    return bool(ids) if organisation is None else organisation.pk in ids


@rules.predicate
def is_member_of_another_organisation(user: Any, profile: Any) -> bool:
    """The user is a member of some organisation other than the one owning ``profile``."""
    if profile is None:
        return False
    return bool(summary_of(user).organisation_ids - {profile.organisation_id})


@rules.predicate
def is_answering_side(user: Any, interest: Any) -> bool:
    """The user is a member of the organisation whose profile received ``interest``."""
    return (
        interest is not None
        and interest.profile.organisation_id in summary_of(user).organisation_ids
    )


@rules.predicate
def is_sending_side(user: Any, interest: Any) -> bool:
    """The user is a member of the organisation that sent ``interest``."""
    return interest is not None and interest.organisation_id in summary_of(user).organisation_ids


@rules.predicate
def owns_saved_search(user: Any, saved_search: Any) -> bool:
    """``saved_search`` belongs to the (active) user."""
    return (
        saved_search is not None
        and is_active_user(user)
        and saved_search.user_id == getattr(user, "pk", None)
    )


rules.add_perm(
    "matching.add_cooperationprofile", is_platform_staff | is_member_of_target_organisation
)
rules.add_perm(
    "matching.change_cooperationprofile", is_platform_staff | is_member_of_profile_organisation
)
rules.add_perm(
    "matching.view_private_cooperationprofile",
    is_platform_staff | is_member_of_profile_organisation,
)
rules.add_perm("matching.express_interest", is_active_user & is_member_of_another_organisation)
rules.add_perm("matching.answer_interest", is_answering_side)
rules.add_perm("matching.withdraw_interest", is_sending_side)
rules.add_perm("matching.view_interest", is_platform_staff | is_answering_side | is_sending_side)
rules.add_perm("matching.add_savedsearch", is_active_user)
rules.add_perm("matching.change_savedsearch", owns_saved_search)


# ---------------------------------------------------------------------------------------------
# Region partner finding (partner finder, consortium builder, region categories)
#
# * Everyone, signed in or not, may use the partner finder and the consortium builder: they
#   read public data (declared priorities, computed evidence, counts of accepted ties) and
#   save nothing.
# * Only platform staff may import the Cohesion Policy categories of regions.
# ---------------------------------------------------------------------------------------------

rules.add_perm("matching.find_partners", rules.always_allow)
rules.add_perm("matching.build_consortium", rules.always_allow)
rules.add_perm("matching.import_region_categories", is_platform_staff)

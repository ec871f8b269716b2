"""A participant's matchmaking profile: what they offer and seek, and whether others see it.

The rest of what others see (organisation, its type, country and NACE codes, the region,
the organisation's marketplace items) is read from the registration and the organisation,
never copied, so it stays current.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smartregions.common.domain.activity import log_activity
from smartregions.events.enums import EventStatus, RegistrationStatus
from smartregions.events.models import MatchmakingProfile, Registration

#: Longest offering or seeking text accepted (a few paragraphs).
MAX_TEXT = 3000
HEADLINE_MAX = 200


@transaction.atomic
def save_matchmaking_profile(
    *,
    actor: Any,
    registration: Registration,
    headline: str,
    offering: str = "",
    seeking: str = "",
    is_visible: bool = True,
) -> MatchmakingProfile:
    """Create or update ``registration``'s matchmaking profile.

    The registration must be confirmed, to a published event with matchmaking. The headline
    is required; offering and seeking are what suggestions compare, so at least one of them is
    too. A hidden profile (``is_visible`` false) is left out of the directory and of others'
    suggestions, and nobody can send it requests. Records ``meeting_profile.save``.
    """
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    event = registration.event
    if not event.matchmaking_enabled:
        raise ValidationError(_("This event has no B2B matchmaking."))
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("The event is not open: profiles can no longer be changed."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("Only confirmed participants of the event take part in B2B meetings.")
        )
    headline, offering, seeking = headline.strip(), offering.strip(), seeking.strip()
    errors: dict[str, str] = {}
    if not headline:
        errors["headline"] = _("Write a headline: one line saying who you are.")
    elif len(headline) > HEADLINE_MAX:
        errors["headline"] = _("Keep the headline under %d characters.") % HEADLINE_MAX
    for name, text in (("offering", offering), ("seeking", seeking)):
        if len(text) > MAX_TEXT:
            errors[name] = _("Keep this text under %d characters.") % MAX_TEXT
    if not offering and not seeking:
        errors["offering"] = _("Say what you offer or what you seek (or both).")
    if errors:
        raise ValidationError(errors)
    profile, created = MatchmakingProfile.objects.update_or_create(
        registration=registration,
        defaults={
            "headline": headline,
            "offering": offering,
            "seeking": seeking,
            "is_visible": is_visible,
        },
    )
    log_activity(
        actor=actor,
        action="meeting_profile.save",
        obj=profile,
        data={"created": created, "visible": is_visible},
    )
    return profile

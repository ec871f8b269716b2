"""How events show people: names only, never e-mail addresses (pages may be public)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def display_name(user: Any) -> str:
    """The person's full name, or a neutral label with their id when they gave none.

    ``User.__str__`` and ``get_full_name`` fall back to the e-mail address, which must not
    reach public programme, discussion or exhibition pages, feeds or reports.
    """
    if user is None:
        return ""
    name = (getattr(user, "full_name", "") or "").strip()
    return name or _("Participant %(id)s") % {"id": user.pk}


def event_organiser_users(event: Any) -> list[Any]:
    """Who hears about an event's organising work: its named organisers, else (when it
    names none) the platform staff, who organise every event."""
    # imported here: accounts' queries are not needed for showing names
    from smartregions.accounts.domain.queries import platform_staff_users

    return list(event.organisers.all()) or platform_staff_users()

"""Helpers shared by the table-discussion domain modules: who counts as a person of the event,
locks and text checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smartregions.events.enums import RegistrationStatus
from smartregions.events.models import DiscussionRound, DiscussionTable, Event, Registration


def user_or_none(actor: Any) -> Any:
    """``actor`` if it is a signed-in user, else ``None`` (command-line and system work)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def is_event_person(event: Event, user: Any) -> bool:
    """Whether ``user`` is a named organiser or a confirmed participant of ``event``."""
    if event.organisers.filter(pk=user.pk).exists():
        return True
    return Registration.objects.filter(
        event=event, user=user, status=RegistrationStatus.CONFIRMED
    ).exists()


def check_event_person(event: Event, user: Any, *, field: str) -> None:
    """Refuse (on ``field``) a user who is neither an organiser nor a confirmed participant."""
    if user is None:
        return
    if not getattr(user, "is_active", False) or not is_event_person(event, user):
        raise ValidationError(
            {
                field: _(
                    "%(user)s is neither an organiser nor a confirmed participant of the event."
                )
                % {"user": user}
            }
        )


def clean_text(value: str, *, field: str, limit: int, label: str) -> str:
    """``value`` stripped; refused (on ``field``) when empty or longer than ``limit``."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("Write the %s.") % label})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("Keep the %(label)s to %(limit)d characters at most.")
                % {"label": label, "limit": limit}
            }
        )
    return text


def lock_round(round_: DiscussionRound) -> DiscussionRound:
    """``round_`` reloaded with a row lock (with its event)."""
    return (
        DiscussionRound.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=round_.pk)
    )


def lock_table(table: DiscussionTable) -> DiscussionTable:
    """``table`` reloaded with a row lock (with its round and event)."""
    return (
        DiscussionTable.objects.select_for_update(of=("self",))
        .select_related("round__event")
        .get(pk=table.pk)
    )

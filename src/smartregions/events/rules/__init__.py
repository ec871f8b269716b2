"""Who may do what with events (django-rules). One module per area; importing registers all."""

from smartregions.events.rules import (
    base,
    discussions,
    events,
    exhibition,
    matchmaking,
    programme,
    scheduling,
)

__all__ = ["base", "discussions", "events", "exhibition", "matchmaking", "programme", "scheduling"]

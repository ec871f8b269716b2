"""Who may do what with events (django-rules). One module per area; importing registers all."""

from smartregions.events.rules import base

__all__ = ["base"]

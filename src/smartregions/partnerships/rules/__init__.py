"""Who may do what with partnerships, action plans, the pipeline and monitoring (django-rules).

One module per area; importing this package registers every permission. The shared predicates
(who leads or belongs to a partnership) live in :mod:`.base`.
"""

from smartregions.partnerships.rules import base, monitoring, partnerships, pipeline, plans

__all__ = ["base", "monitoring", "partnerships", "pipeline", "plans"]

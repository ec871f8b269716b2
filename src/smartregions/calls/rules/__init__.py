"""Who may do what with calls, applications and their evaluation (django-rules).

One module per area; importing this package registers every permission.
"""

from smartregions.calls.rules import applications, calls, evaluation

__all__ = ["applications", "calls", "evaluation"]

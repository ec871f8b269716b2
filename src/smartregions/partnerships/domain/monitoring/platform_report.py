"""The platform monitoring report as a download: fresh for staff, cached for everyone else.

Why the cache: the report renders a line for every public partnership (about 8 s for 500), the
public version is the same for every visitor, and anyone may ask for it, anonymously too. So
the public PDF is rendered at most once per :data:`PUBLIC_REPORT_SECONDS`, language and day
(per process with the local-memory cache); its figures may lag the dashboard by that much,
which the report's "as of" date already allows for. The staff version (with report
monitoring) is only for staff and always current.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from smartregions.partnerships.domain.monitoring.dashboard import (
    dashboard_partnerships,
    partnership_rows,
    platform_dashboard,
)
from smartregions.partnerships.domain.monitoring.pdf import platform_pdf

#: How long the public platform report is reused (seconds).
PUBLIC_REPORT_SECONDS = 600


def _render(*, staff: bool) -> bytes:
    board = platform_dashboard(staff=staff)
    rows = partnership_rows(dashboard_partnerships(staff=staff), with_reports=staff)
    return platform_pdf(board, rows)


def platform_report_pdf(*, staff: bool) -> bytes:
    """The platform monitoring report as PDF: everything for ``staff`` (rendered now), else the
    public version (from the cache when it was rendered in the last
    :data:`PUBLIC_REPORT_SECONDS`, in the active language, today). Read only; stores the public
    PDF in the default cache."""
    if staff:
        return _render(staff=True)
    key = f"monitoring:platform-report:{get_language()}:{timezone.localdate().isoformat()}"
    content = cache.get(key)
    if content is None:
        content = _render(staff=False)
        cache.set(key, content, PUBLIC_REPORT_SECONDS)
    return content

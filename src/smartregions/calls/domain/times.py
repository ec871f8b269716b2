"""Times of a call: IANA time zones, wall-clock input in the call's zone, labelled display.

A call states its deadlines in its own time zone ("17:00 CET (Europe/Brussels)"). The database
stores UTC; facilitators type wall-clock times in the call's zone, and every page and message
shows them back in that zone with the zone's abbreviation and name, so nobody has to convert.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils import dateformat
from django.utils.translation import gettext as _

#: How the pages and messages print a call's times (month names follow the active language).
DISPLAY_FORMAT = "j F Y, H:i T"


def check_timezone(name: str) -> ZoneInfo:
    """The :class:`ZoneInfo` named ``name``; a ``ValidationError`` on ``timezone`` otherwise.

    Only names of the IANA time zone database are accepted (``Europe/Brussels``, ``UTC``), not
    offsets such as ``UTC+01:00``, which ignore summer time, or file paths.
    """
    name = (name or "").strip()
    if name not in _known_zones():
        raise ValidationError(
            {
                "timezone": _(
                    "Unknown time zone “%(name)s”; use an IANA name such as Europe/Brussels."
                )
                % {"name": name}
            }
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - listed but unreadable
        raise ValidationError(
            {"timezone": _("Time zone %(name)s cannot be read.") % {"name": name}}
        ) from None


@cache
def _known_zones() -> frozenset[str]:
    # Read once per process: listing the zone database walks the tzdata files.
    return frozenset(available_timezones())


def timezone_names() -> list[str]:
    """Every known IANA zone name, European zones first (for the form's suggestion list)."""
    zones = _known_zones()
    europe = sorted(z for z in zones if z.startswith("Europe/"))
    return [*europe, "UTC", *sorted(z for z in zones if not z.startswith("Europe/") and z != "UTC")]


def aware_in_zone(value: dt.datetime, zone_name: str, *, field: str) -> dt.datetime:
    """Interpret the wall-clock time ``value`` in ``zone_name`` and return it as UTC.

    An aware ``value`` is only converted. A naive one is read as local time in the zone; a time
    that does not exist there (skipped when clocks go forward) is refused, naming ``field``. A
    time that happens twice (clocks go back) means its first occurrence, summer time.
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    zone = check_timezone(zone_name)
    local = value.replace(tzinfo=zone, fold=0)
    back = local.astimezone(dt.UTC).astimezone(zone)
    if back.replace(tzinfo=None) != value:
        raise ValidationError(
            {
                field: _(
                    "%(time)s does not exist in %(zone)s (the clocks go forward then); "
                    "choose another time."
                )
                % {"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone_name}
            }
        )
    return local.astimezone(dt.UTC)


def wall_clock(value: dt.datetime | None, zone_name: str) -> dt.datetime | None:
    """``value`` as a naive wall-clock time in ``zone_name`` (what a form shows for editing)."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)


def local_iso(value: dt.datetime | None, zone_name: str) -> str | None:
    """``value`` in ISO 8601 with the zone's UTC offset, e.g. ``2026-03-02T17:00:00+01:00``."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(zone_name)).isoformat()


def format_in_zone(value: dt.datetime, zone_name: str) -> str:
    """``value`` shown in ``zone_name``, labelled: ``2 March 2026, 17:00 CET (Europe/Brussels)``."""
    local = value.astimezone(ZoneInfo(zone_name))
    return f"{dateformat.format(local, DISPLAY_FORMAT)} ({zone_name})"

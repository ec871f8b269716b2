"""Options shared by the monitoring commands."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError, CommandParser


def add_today_options(parser: CommandParser) -> None:
    """``--today`` (run as if it were that day) and ``--sync`` (run here, not as a task)."""
    parser.add_argument("--today", help="the day to run for, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument(
        "--sync", action="store_true", help="run now in this process instead of enqueuing"
    )


def parse_day(value: str | None) -> dt.date | None:
    """The ``--today`` value as a date; a CommandError when it is not YYYY-MM-DD."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"--today must be a date as YYYY-MM-DD, not {value!r}"
        raise CommandError(msg) from None

"""``smartregions expire_profiles``: mark published profiles past their validity as expired."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from smartregions.matching.domain.marketplace.profiles import expire_profiles


class Command(BaseCommand):
    help = (
        "Move every published cooperation profile whose validity ended to 'expired' "
        "(idempotent; run daily from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_profiles()
        self.stdout.write(f"{count} profile(s) expired")

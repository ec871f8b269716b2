"""``smartregions demo``: a ready-to-explore platform in one command (see ``cli/demo.py``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.urls import reverse

from smartregions.cli.demo import (
    DemoStep,
    credentials_path,
    data_steps,
    demo_is_loaded,
    ensure_demo_accounts,
    migrate_step,
    reset_demo_data,
)
from smartregions.common.errors import ImportRejected
from smartregions.regions.domain.queries import platform_counts

SERVER = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Create the database, load countries, NUTS, classifications, the real Czech S3 "
        "priorities and a synthetic registry, and create demo accounts. Safe to re-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help="Only migrate and print the logins when a previous demo run completed.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Delete and regenerate the synthetic data and give the demo accounts new "
                "passwords; real and reference data are kept."
            ),
        )

    def _run(self, number: int, total: int, step: DemoStep) -> None:
        self.stdout.write(f"[{number:>2}/{total}] {step.label} ... ", ending="")
        self.stdout.flush()
        start = time.perf_counter()
        try:
            summary = step.run()
        except ImportRejected as error:
            self.stdout.write(self.style.ERROR("failed"))
            raise CommandError(f"{step.label}: {error.summary()}") from error
        except (ValidationError, ValueError, OSError) as error:
            self.stdout.write(self.style.ERROR("failed"))
            raise CommandError(f"{step.label}: {error}") from error
        self.stdout.write(f"{summary} ({time.perf_counter() - start:.1f} s)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        steps = [migrate_step()]
        total = 2 + len(data_steps())  # migrate, the data, the accounts
        self._run(1, total, steps[0])
        if options["skip_if_loaded"] and not options["reset"] and demo_is_loaded():
            self.stdout.write("Demo data already loaded; skipping the imports (--skip-if-loaded).")
        else:
            if options["reset"]:
                self.stdout.write(reset_demo_data())
            # The synthetic people have made-up addresses: the notifications that loading the
            # demo's cases and expressions of interest triggers are not sent anywhere.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                for number, step in enumerate(data_steps(), start=2):
                    self._run(number, total, step)
        accounts: list = []

        def make_accounts() -> str:
            accounts.extend(ensure_demo_accounts(new_passwords=options["reset"]))
            return f"{len(accounts)} ready"

        # The demo logins' addresses are made up too (the expert login is told of its review).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._run(total, total, DemoStep("Demo accounts", make_accounts))
        counts = platform_counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo ready in {time.perf_counter() - started:.0f} s: {counts['regions']} "
                f"regions, {counts['strategies']} strategies, {counts['priorities']} priorities, "
                f"{counts['organisations']} organisations."
            )
        )
        width = max(len(a.email) for a in accounts)
        self.stdout.write(f"Log in at {SERVER}{reverse('web:login')} as:")
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.password}  ({account.role})")
        self.stdout.write(f"These logins are kept in {credentials_path()} (readable by you only).")
        self.stdout.write("Start the web server with: smartregions serve")

"""``smartregions broker_dashboard [--broker EMAIL]``: outcome counts of closed cases."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.brokerage.domain.queries import outcome_counts
from smartregions.brokerage.enums import CaseOutcome, CaseStatus
from smartregions.brokerage.models import Broker, Case


class Command(BaseCommand):
    help = "Print the outcomes of closed brokerage cases (platform-wide or for one broker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--broker", help="e-mail address of a broker")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        scope = "all brokers"
        if options["broker"]:
            broker = Broker.objects.filter(user__email=options["broker"].lower()).first()
            if broker is None:
                msg = f"no broker with e-mail {options['broker']}"
                raise CommandError(msg)
            cases, scope = cases.filter(broker=broker), str(broker)
        counts = outcome_counts(cases)
        open_cases = cases.exclude(status=CaseStatus.CLOSED).count()
        self.stdout.write(f"Outcomes of closed cases ({scope}); {open_cases} case(s) still open")
        for outcome, count in counts.items():
            self.stdout.write(f"  {CaseOutcome(outcome).label:<40} {count:>5}")
        self.stdout.write(f"  {'Total closed':<40} {sum(counts.values()):>5}")

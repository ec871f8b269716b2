"""What ``smartregions demo`` does: load reference data, the Czech and synthetic S3 data, and
create demo accounts whose passwords are generated once and kept in ``<VAR_DIR>``.

Every step calls an idempotent domain function, so running the demo again is safe and only
re-checks what is there. The command module only prints progress and maps errors to exit codes.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from smartregions.accounts.domain.accounts import ensure_platform_admin
from smartregions.accounts.domain.memberships import grant_membership
from smartregions.accounts.enums import Role
from smartregions.accounts.models import Membership, User
from smartregions.common.domain.activity import log_activity
from smartregions.common.imports import ImportResult
from smartregions.common.models import Notification
from smartregions.conf import data_dir
from smartregions.organisations.enums import OrganisationType
from smartregions.regions.domain.queries import current_nuts_version
from smartregions.regions.domain.synthetic import (
    DEFAULT_SEED,
    SyntheticSummary,
    delete_synthetic_registry,
    generate_synthetic_registry,
    registry_source,
    synthetic_registry_organisations,
    synthetic_registry_strategies,
)
from smartregions.regions.models import Priority, Region

DEMO_DOMAIN = "demo.smartregions.eu"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
CZECH_REGION = "CZ031"  # Jihočeský kraj, which has real S3 domains in the Czech data
CREDENTIALS_FILE = "demo_credentials.txt"


@dataclass(frozen=True)
class DemoStep:
    """One step of the demo: a label for the progress line and the work, returning a summary."""

    label: str
    run: Callable[[], str]


def _summary(result: ImportResult | list[ImportResult] | SyntheticSummary | None) -> str:
    if isinstance(result, SyntheticSummary):
        return str(result)
    results = result if isinstance(result, list) else [result]
    imports = [r for r in results if isinstance(r, ImportResult)]
    if not imports:
        return "done"
    created = sum(r.created for r in imports)
    updated = sum(r.updated for r in imports)
    unchanged = sum(r.unchanged for r in imports)
    return f"{created} created, {updated} updated, {unchanged} unchanged"


def data_steps() -> list[DemoStep]:
    """The loading steps after ``migrate``, in dependency order (regions before priorities)."""
    from smartregions.brokerage.domain.demo import load_demo_brokerage
    from smartregions.calls.domain.demo import load_demo_calls
    from smartregions.calls.domain.evaluation.demo import load_demo_evaluation
    from smartregions.matching.domain.marketplace.demo import load_demo_marketplace
    from smartregions.partnerships.domain.demo_partnerships import (
        load_demo_partnership_from_application,
        load_demo_partnerships,
    )
    from smartregions.partnerships.domain.monitoring.demo import load_demo_monitoring
    from smartregions.partnerships.domain.pipeline.demo import load_demo_pipeline
    from smartregions.regions.domain.countries import import_countries
    from smartregions.regions.domain.czech import import_czech_priorities
    from smartregions.regions.domain.nuts import (
        import_nuts_changes,
        import_nuts_classification,
        import_nuts_geojson,
    )
    from smartregions.regions.domain.taxonomies import (
        import_nace,
        load_builtin_taxonomies,
        load_thematic_areas,
    )

    data = data_dir()
    show = sys.stderr.isatty()
    nuts = data / "nuts"
    return [
        DemoStep("Countries", lambda: _summary(import_countries())),
        DemoStep(
            "NUTS 2021 regions and boundaries",
            lambda: _summary(
                import_nuts_geojson(path=nuts / "NUTS_RG_60M_2021_4326.geojson", show_progress=show)
            ),
        ),
        DemoStep(
            "NUTS 2021 national names and typologies",
            lambda: _summary(
                import_nuts_classification(path=nuts / "NUTS2021.xlsx", show_progress=show)
            ),
        ),
        DemoStep(
            "NUTS 2013-2016 changes",
            lambda: _summary(import_nuts_changes(path=nuts / "NUTS2013-NUTS2016.xlsx")),
        ),
        DemoStep(
            "NACE Rev. 2",
            lambda: _summary(import_nace(path=data / "classifications" / "nace_rev2.csv")),
        ),
        DemoStep(
            "FORD, NABS and Cohesion Policy objectives",
            lambda: _summary(load_builtin_taxonomies()),
        ),
        DemoStep("Thematic platforms and areas", lambda: _summary(load_thematic_areas())),
        DemoStep(
            "Czech regional S3 priorities",
            lambda: _summary(import_czech_priorities(directory=data / "s3_priorities")),
        ),
        DemoStep(
            "Synthetic strategies for 40 NUTS-2 regions",
            lambda: _summary(generate_synthetic_registry()),
        ),
        DemoStep(
            "Marketplace: cooperation profiles and expressions of interest (synthetic)",
            lambda: load_demo_marketplace(seed=DEFAULT_SEED),
        ),
        DemoStep(
            "Innovation brokerage: brokers, SME cases, an SME group (synthetic)",
            lambda: load_demo_brokerage(seed=DEFAULT_SEED),
        ),
        DemoStep(
            "Calls: an open and a closed call, their applications (synthetic)", load_demo_calls
        ),
        DemoStep(
            "Evaluation: experts, reviews, consensus, decisions (synthetic)",
            lambda: load_demo_evaluation(seed=DEFAULT_SEED),
        ),
        DemoStep(
            "Partnerships, action plans, a partnership from the accepted application (synthetic)",
            lambda: (
                f"{load_demo_partnerships(seed=DEFAULT_SEED)}; "
                f"{load_demo_partnership_from_application()}"
            ),
        ),
        DemoStep("Investment pipeline: projects and their funding (synthetic)", load_demo_pipeline),
        DemoStep("Monitoring: progress reports (synthetic partnerships)", load_demo_monitoring),
        DemoStep(
            "Events: a conference, a brokerage event with its B2B schedule, a past workshop "
            "(synthetic)",
            load_events,
        ),
        DemoStep(
            "Research preprints by topic (EURITO) and their S3 evidence",
            lambda: load_eurito_evidence(data / "analytics" / "eurito_preprints_by_nuts"),
        ),
        DemoStep("Query-planner statistics (ANALYZE)", analyze_database),
    ]


def reset_demo_data() -> str:
    """Delete the synthetic data of ``smartregions demo`` (real and reference data stay), in
    reverse dependency order: the demo events (their stand bookings hold organisations of the
    registry), progress reports, projects, partnerships, applications with their evaluation and
    files, calls, the demo experts' profiles, the brokerage rows, the synthetic registry, then
    the notifications of the demo's people (``@demo.smartregions.eu``). The demo logins and the
    events' synthetic participants keep their accounts. Returns a summary to print.
    """
    from smartregions.brokerage.domain.demo import delete_demo_brokerage
    from smartregions.calls.domain.demo import delete_demo_calls
    from smartregions.calls.domain.evaluation.demo import delete_demo_experts
    from smartregions.events.domain.demo import delete_demo_events
    from smartregions.partnerships.domain.demo_partnerships import delete_demo_partnerships
    from smartregions.partnerships.domain.monitoring.demo import delete_demo_monitoring
    from smartregions.partnerships.domain.pipeline.demo import delete_demo_pipeline

    with transaction.atomic():
        events = delete_demo_events()
        rows = delete_demo_monitoring() + delete_demo_pipeline() + delete_demo_partnerships()
        rows += delete_demo_calls() + delete_demo_experts()
        delete_demo_brokerage()
        strategies, organisations = delete_synthetic_registry()
        # What the demo's people were told is about rows that are gone now.
        notes, _ = Notification.objects.filter(
            recipient__email__endswith=f"@{DEMO_DOMAIN}"
        ).delete()
        log_activity(actor=None, action="notification.demo_delete", data={"notifications": notes})
    return (
        f"Reset: deleted {strategies} synthetic strategies and {organisations} synthetic "
        f"organisations, {events} rows of the demo events, and {rows} rows of the demo's calls, "
        "applications, evaluation, partnerships, projects and progress reports."
    )


def load_eurito_evidence(directory: Path) -> str:
    """Import the real EURITO region x research-topic counts at NUTS-2 and compute their
    evidence (RCA, relatedness, complexity, similarity, complementarity) once.

    A dataset that already has a finished computation is not recomputed, so re-running the demo
    stays fast; ``smartregions analytics_run eurito-preprints`` recomputes on demand.
    """
    from smartregions.analytics.domain.computation import request_computation, run_computation
    from smartregions.analytics.domain.eurito import import_eurito_preprints
    from smartregions.analytics.enums import RunStatus

    dataset = import_eurito_preprints(directory=directory, level=2)
    if dataset.runs.filter(status=RunStatus.DONE).exists():
        return f"{dataset.name}: already computed"
    run = request_computation(dataset=dataset, actor=None, enqueue=False)
    run = run_computation(run_id=run.pk)
    return f"{dataset.name}: {run.status}, {run.message}"


def analyze_database() -> str:
    """Refresh the query planner's statistics after bulk loading.

    Without them SQLite picks a nested-loop plan for the coded priority search that is about 20
    times slower (measured in ``benchmarks/priority_search.py``); PostgreSQL's autovacuum would
    get there eventually, but the demo should be fast from the first page.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "done"


def migrate_step() -> DemoStep:
    """Create or upgrade the database schema."""
    return DemoStep(
        "Database schema",
        lambda: call_command("migrate", interactive=False, verbosity=0) or "done",
    )


def demo_is_loaded() -> bool:
    """Whether a previous ``demo`` run completed: synthetic registry and administrator exist."""
    return (
        Priority.objects.filter(source=registry_source(DEFAULT_SEED)).exists()
        and User.objects.filter(email=ADMIN_EMAIL).exists()
    )


# --- accounts and credentials ----------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: e-mail, password and a human description of what the account may do."""

    email: str
    password: str
    role: str


def credentials_path() -> Path:
    """Where the demo passwords are kept: ``<VAR_DIR>/demo_credentials.txt`` (mode 0600)."""
    return Path(settings.VAR_DIR) / CREDENTIALS_FILE


def read_credentials(path: Path) -> dict[str, str]:
    """E-mail -> password from a credentials file; empty when the file does not exist."""
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            email, password, *_ = line.split("\t")
            found[email] = password
    return found


def write_credentials(path: Path, accounts: list[DemoAccount]) -> None:
    """Write the demo accounts to ``path``, readable by the owner only (0600)."""
    lines = [
        "# smartregions demo accounts, written by `smartregions demo`. Keep this file private.",
        "# e-mail\tpassword\trole",
        *(f"{a.email}\t{a.password}\t{a.role}" for a in accounts),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    path.chmod(0o600)  # the file may predate this run with other permissions


@transaction.atomic
def ensure_demo_user(*, email: str, password: str, full_name: str, role: str, **scope: Any) -> User:
    """Create or repair a demo user: active, with ``password`` and the membership ``role``.

    An existing user gets the password back if it was changed, so the credentials file stays
    true. Records ``user.create_demo`` for a new user; the membership is granted (and logged) by
    :func:`~smartregions.accounts.domain.memberships.grant_membership` when missing.
    """
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, full_name=full_name)
        log_activity(actor=None, action="user.create_demo", obj=user)
    elif not user.check_password(password) or not user.is_active:
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    if not Membership.objects.filter(user=user, role=role, **scope).exists():
        grant_membership(actor=None, user=user, role=role, **scope)
    return user


def _demo_region_and_organisation() -> tuple[Region | None, Region | None, Any]:
    czech = Region.objects.filter(code=CZECH_REGION, nuts_version=current_nuts_version()).first()
    strategy = synthetic_registry_strategies().select_related("region").order_by("region__code")
    synthetic = next((s.region for s in strategy[:1]), None)
    organisations = synthetic_registry_organisations().order_by("name")
    organisation = (
        organisations.filter(region=synthetic, type=OrganisationType.SME).first()
        or organisations.filter(region=synthetic).first()
    )
    return czech, synthetic, organisation


def _ensure_expert_login(password_for: Callable[[str], str]) -> DemoAccount:
    """The expert login, in the pool and with a review of a demo application to do."""
    from smartregions.calls.domain.evaluation.demo import (
        EXPERT_EMAIL,
        assign_demo_expert_review,
        ensure_demo_expert_account,
    )

    password = password_for(EXPERT_EMAIL)
    expert = ensure_demo_expert_account(email=EXPERT_EMAIL, password=password)
    assign_demo_expert_review(expert=expert)
    return DemoAccount(EXPERT_EMAIL, password, "expert reviewing applications (synthetic)")


def _scoped_accounts() -> list[tuple[str, str, str, dict[str, Any], str]]:
    """The demo logins acting for a region or an organisation: (e-mail, full name, role, scope,
    description) of the representative of Jihočeský kraj, of the first synthetic region, and
    the member of one of its synthetic organisations (those that exist)."""
    czech, synthetic, organisation = _demo_region_and_organisation()
    wanted: list[tuple[str, str, str, dict[str, Any], str]] = [
        (
            f"{region.code.lower()}@{DEMO_DOMAIN}",
            f"Demo representative of {region.name_latin}",
            Role.REGION_REPRESENTATIVE,
            {"region": region},
            f"region representative of {region.code} {region.name_latin}",
        )
        for region in (czech, synthetic)
        if region is not None
    ]
    if organisation is not None:
        wanted.append(
            (
                f"member@{DEMO_DOMAIN}",
                "Demo organisation member",
                Role.ORGANISATION_MEMBER,
                {"organisation": organisation},
                f"member of {organisation.name} (synthetic)",
            )
        )
    return wanted


def load_events() -> str:
    """The events demo, with the region representatives' and the member's logins among the
    participants (their users are made now if missing; the account step sets their passwords)."""
    from smartregions.events.domain.demo import DemoLogin, load_demo_events

    logins = [
        DemoLogin(
            email=email,
            full_name=full_name,
            region=scope.get("region"),
            organisation=scope.get("organisation"),
        )
        for email, full_name, _role, scope, _description in _scoped_accounts()
    ]
    return load_demo_events(seed=DEFAULT_SEED, logins=logins)


def ensure_demo_accounts(*, new_passwords: bool = False) -> list[DemoAccount]:
    """Create the demo accounts and write their passwords to :func:`credentials_path`.

    Accounts: the administrator (superuser and platform admin), a facilitator, the representative
    of Jihočeský kraj (real Czech data), the representative of the first synthetic region, a
    member of one of its synthetic organisations, the organiser of the demo events, an
    innovation broker and an expert of the evaluation pool (who is given a review of a demo
    application to do). Passwords are random (``secrets``), generated the first time and reused
    from the file afterwards, so re-running the demo keeps the logins people were given;
    ``new_passwords=True`` draws new ones.
    """
    from smartregions.events.domain.demo import ORGANISER_EMAIL, ORGANISER_NAME

    path = credentials_path()
    known = {} if new_passwords else read_credentials(path)

    def password_for(email: str) -> str:
        return known.get(email) or secrets.token_urlsafe(12)

    accounts: list[DemoAccount] = []
    admin_password = password_for(ADMIN_EMAIL)
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if (
        admin is None
        or not admin.check_password(admin_password)
        or not admin.is_superuser
        or not Membership.objects.filter(user=admin, role=Role.PLATFORM_ADMIN).exists()
    ):
        ensure_platform_admin(email=ADMIN_EMAIL, password=admin_password)
    accounts.append(DemoAccount(ADMIN_EMAIL, admin_password, "platform administrator"))
    wanted: list[tuple[str, str, str, dict[str, Any], str]] = [
        (f"facilitator@{DEMO_DOMAIN}", "Demo facilitator", Role.FACILITATOR, {}, "facilitator"),
        *_scoped_accounts(),
        (
            ORGANISER_EMAIL,
            ORGANISER_NAME,
            Role.EVENT_ORGANISER,
            {},
            "event organiser of the demo events (synthetic)",
        ),
    ]
    for email, full_name, role, scope, description in wanted:
        password = password_for(email)
        ensure_demo_user(email=email, password=password, full_name=full_name, role=role, **scope)
        accounts.append(DemoAccount(email, password, description))
    _, synthetic, _ = _demo_region_and_organisation()
    if synthetic is not None:
        from smartregions.brokerage.domain.demo import BROKER_EMAIL, ensure_demo_broker_account

        password = password_for(BROKER_EMAIL)
        ensure_demo_broker_account(email=BROKER_EMAIL, password=password)
        accounts.append(DemoAccount(BROKER_EMAIL, password, "innovation broker (synthetic)"))
    accounts.append(_ensure_expert_login(password_for))
    write_credentials(path, accounts)
    return accounts

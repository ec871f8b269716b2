import sqlite3
import stat
from pathlib import Path

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.cli.conftest import smartregions


def _query(database: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _counts(database: Path) -> dict[str, int]:
    def one(sql: str) -> int:
        return _query(database, sql)[0][0]

    return {
        "regions_2021": one("SELECT COUNT(*) FROM regions_region WHERE nuts_version = 2021"),
        "czech_priorities": one(
            "SELECT COUNT(*) FROM regions_priority p JOIN regions_strategy s"
            " ON p.strategy_id = s.id JOIN regions_country c ON s.country_id = c.id"
            " WHERE c.code = 'CZ' AND NOT p.is_synthetic"
        ),
        "czech_synthetic": one(
            "SELECT COUNT(*) FROM regions_strategy s JOIN regions_country c"
            " ON s.country_id = c.id WHERE c.code = 'CZ' AND s.is_synthetic"
        ),
        "synthetic_strategies": one(
            "SELECT COUNT(*) FROM regions_strategy WHERE is_synthetic"
            " AND title LIKE '[Synthetic] % smart specialisation strategy 2021-2027'"
        ),
        "synthetic_regions": one(
            "SELECT COUNT(DISTINCT r.id) FROM regions_strategy s JOIN regions_region r"
            " ON s.region_id = r.id WHERE s.is_synthetic AND r.level = 2"
        ),
        "synthetic_countries": one(
            "SELECT COUNT(DISTINCT country_id) FROM regions_strategy WHERE is_synthetic"
        ),
        "priorities": one("SELECT COUNT(*) FROM regions_priority"),
        "organisations": one("SELECT COUNT(*) FROM organisations_organisation"),
        "users": one("SELECT COUNT(*) FROM accounts_user"),
        "memberships": one("SELECT COUNT(*) FROM accounts_membership"),
        "profiles": one("SELECT COUNT(*) FROM matching_cooperationprofile WHERE is_synthetic"),
        "interests": one("SELECT COUNT(*) FROM matching_expressionofinterest"),
        "cases": one("SELECT COUNT(*) FROM brokerage_case WHERE is_synthetic"),
        "groups": one("SELECT COUNT(*) FROM brokerage_smegroup WHERE is_synthetic"),
    }


def test_demo_loads_everything_and_reuses_its_credentials_on_a_second_run(cli_env):
    first = smartregions("demo", env=cli_env)
    assert first.returncode == 0, first.stdout + first.stderr
    var_dir = Path(cli_env["SMARTREGIONS_VAR_DIR"])
    database = var_dir / "smartregions.sqlite3"
    counts = _counts(database)
    assert counts["regions_2021"] >= 2010
    assert counts["czech_priorities"] > 0
    assert counts["czech_synthetic"] == 0
    assert counts["synthetic_strategies"] == counts["synthetic_regions"] == 40
    assert counts["synthetic_countries"] == 10
    # admin, facilitator, two region representatives, the SME member, two brokers
    assert counts["users"] == 7
    assert counts["profiles"] == 230
    assert counts["interests"] == 16
    assert counts["cases"] == 5
    assert counts["groups"] == 1

    credentials = var_dir / "demo_credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    rows = [line.split("\t") for line in credentials.read_text().splitlines() if line[0] != "#"]
    emails = [row[0] for row in rows]
    assert emails[:3] == [
        "admin@demo.smartregions.eu",
        "facilitator@demo.smartregions.eu",
        "cz031@demo.smartregions.eu",
    ]
    assert emails[4:] == ["member@demo.smartregions.eu", "broker@demo.smartregions.eu"]
    password_of = {row[0]: row[1] for row in rows}
    hashes = dict(_query(database, "SELECT email, password FROM accounts_user"))
    # The child process hashes with Django's default hasher (tests here use MD5 for speed).
    hasher = PBKDF2PasswordHasher()
    assert all(hasher.verify(password_of[email], hashes[email]) for email in emails)
    admin = _query(
        database,
        "SELECT u.is_superuser, m.role FROM accounts_user u JOIN accounts_membership m"
        " ON m.user_id = u.id WHERE u.email = 'admin@demo.smartregions.eu'",
    )
    assert admin == [(1, "platform_admin")]
    runs_sql = (
        "SELECT d.slug, r.status FROM analytics_dataset d"
        " JOIN analytics_computationrun r ON r.dataset_id = d.id"
    )
    assert _query(database, runs_sql) == [("eurito-preprints", "done")]
    evidence = _query(database, "SELECT COUNT(*) FROM analytics_regionyearresult")
    assert evidence[0][0] > 0
    assert "Log in at http://127.0.0.1:8000/account/login/ as:" in first.stdout
    login_lines = [line.split() for line in first.stdout.splitlines() if "@demo." in line]
    assert [words[:2] for words in login_lines] == [[e, password_of[e]] for e in emails]

    content = credentials.read_text()
    second = smartregions("demo", env=cli_env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert credentials.read_text() == content
    assert _counts(database) == counts
    assert "already present" in second.stdout
    assert "already computed" in second.stdout
    assert _query(database, runs_sql) == [("eurito-preprints", "done")]

    skipped = smartregions("demo", "--skip-if-loaded", env=cli_env)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "skipping the imports" in skipped.stdout
    assert "[ 3/15]" not in skipped.stdout
    assert credentials.read_text() == content

    reset = smartregions("demo", "--reset", env=cli_env)
    assert reset.returncode == 0, reset.stdout + reset.stderr
    assert "Reset: deleted 40 synthetic strategies" in reset.stdout
    new_rows = [line.split("\t") for line in credentials.read_text().splitlines()[2:]]
    assert [row[0] for row in new_rows] == emails
    assert all(row[1] != password_of[row[0]] for row in new_rows)
    assert _counts(database) == counts


def test_demo_fails_with_a_non_zero_exit_when_reference_data_is_missing(cli_env, tmp_path):
    cli_env["SMARTREGIONS_DATA_DIR"] = str(tmp_path / "empty")
    result = smartregions("demo", env=cli_env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "CommandError: Countries: 1 problem(s); nothing was imported:" in result.stderr
    assert "pycountry_iso3166-1.json: cannot read file" in result.stderr
    assert not (Path(cli_env["SMARTREGIONS_VAR_DIR"]) / "demo_credentials.txt").exists()

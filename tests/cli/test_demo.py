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


def _counts(database: Path) -> dict[str, object]:
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
        "calls": one("SELECT COUNT(*) FROM calls_call WHERE is_synthetic"),
        "applications": _query(
            database,
            "SELECT a.acronym, a.status, c.status FROM calls_application a"
            " JOIN calls_call c ON a.call_id = c.id WHERE a.is_synthetic ORDER BY a.acronym",
        ),
        "co_applicants": _query(
            database,
            "SELECT status, COUNT(*), COUNT(commitment_letter_id) FROM calls_coapplicant"
            " GROUP BY status ORDER BY status",
        ),
        "attachments": one("SELECT COUNT(*) FROM calls_attachment"),
        "questions": one("SELECT COUNT(*) FROM calls_callquestion WHERE is_published"),
        "experts": one("SELECT COUNT(*) FROM calls_expert"),
        "reviews": _query(
            database, "SELECT status, COUNT(*) FROM calls_review GROUP BY status ORDER BY status"
        ),
        "consensus": one("SELECT COUNT(*) FROM calls_panelconsensus"),
        "decisions": _query(
            database,
            "SELECT outcome, COUNT(*) FROM calls_decision WHERE notified_at IS NOT NULL"
            " GROUP BY outcome ORDER BY outcome",
        ),
        "partnerships": _query(
            database,
            "SELECT acronym, status, application_id IS NOT NULL FROM partnerships_partnership"
            " WHERE is_synthetic ORDER BY acronym",
        ),
        "projects": _query(
            database,
            "SELECT stage, COUNT(*) FROM partnerships_project WHERE is_synthetic"
            " GROUP BY stage ORDER BY stage",
        ),
        "stage_changes": one("SELECT COUNT(*) FROM partnerships_projectstagechange"),
        "funding_lines": one("SELECT COUNT(*) FROM partnerships_projectfunding"),
        "notifications": one("SELECT COUNT(*) FROM common_notification"),
        "reports": _query(
            database,
            "SELECT p.acronym, r.status, r.achievements != '' FROM partnerships_progressreport r"
            " JOIN partnerships_partnership p ON r.partnership_id = p.id ORDER BY p.acronym",
        ),
        "events": _query(database, "SELECT slug, kind, status FROM events_event ORDER BY slug"),
        "registrations": _query(
            database,
            "SELECT e.slug, r.status, COUNT(*) FROM events_registration r JOIN events_event e"
            " ON r.event_id = e.id GROUP BY e.slug, r.status ORDER BY e.slug, r.status",
        ),
        "event_sessions": one("SELECT COUNT(*) FROM events_session"),
        "agenda_entries": one("SELECT COUNT(*) FROM events_agendaentry"),
        "stand_bookings": _query(
            database,
            "SELECT status, COUNT(*), COUNT(stand_id) FROM events_standbooking"
            " GROUP BY status ORDER BY status",
        ),
        "pitches": _query(
            database,
            'SELECT p.acronym, a.status, a."order" FROM events_pitchapplication a'
            " JOIN partnerships_partnership p ON a.partnership_id = p.id ORDER BY p.acronym",
        ),
        "table_seats": one("SELECT COUNT(*) FROM events_tableseat"),
        "submitted_notes": one(
            "SELECT COUNT(*) FROM events_rapporteurnote WHERE submitted_at IS NOT NULL"
        ),
        "conclusions": one("SELECT COUNT(*) FROM events_conclusion"),
        "follow_ups": _query(
            database, "SELECT COUNT(*), COUNT(partnership_id) FROM events_followupaction"
        ),
        "meeting_profiles": one("SELECT COUNT(*) FROM events_matchmakingprofile"),
        "meeting_requests": _query(
            database,
            "SELECT e.slug, q.status, COUNT(*) FROM events_meetingrequest q"
            " JOIN events_meetingsession s ON q.meeting_session_id = s.id"
            " JOIN events_event e ON s.event_id = e.id GROUP BY e.slug, q.status"
            " ORDER BY e.slug, q.status",
        ),
        "meetings": _query(database, "SELECT COUNT(*), SUM(locked) FROM events_meeting"),
        "schedule_runs": _query(
            database,
            "SELECT r.status, r.meetings_total, s.schedule_published FROM events_schedulerun r"
            " JOIN events_meetingsession s ON r.meeting_session_id = s.id",
        ),
        "attendance": _query(
            database,
            "SELECT attendance, COUNT(*) FROM events_meeting WHERE attendance != 'planned'"
            " GROUP BY attendance ORDER BY attendance",
        ),
        "meeting_outcomes": one("SELECT COUNT(*) FROM events_meetingoutcome"),
    }


def _stored_files(var_dir: Path) -> set[str]:
    return {path.name for path in (var_dir / "media").rglob("*") if path.is_file()}


def test_demo_loads_everything_and_reuses_its_credentials_on_a_second_run(cli_env):
    first = smartregions("demo", env=cli_env, timeout=900)
    assert first.returncode == 0, first.stdout + first.stderr
    var_dir = Path(cli_env["SMARTREGIONS_VAR_DIR"])
    database = var_dir / "smartregions.sqlite3"
    counts = _counts(database)
    assert counts["regions_2021"] >= 2010
    assert counts["czech_priorities"] > 0
    assert counts["czech_synthetic"] == 0
    assert counts["synthetic_strategies"] == counts["synthetic_regions"] == 40
    assert counts["synthetic_countries"] == 10
    # admin, facilitator, two region representatives, the SME member, two brokers, the expert
    # login, the eight experts of the evaluation demo, the event organiser and the events'
    # 130 synthetic participants
    assert counts["users"] == 147
    assert counts["profiles"] == 230
    assert counts["interests"] == 16
    assert counts["cases"] == 5
    assert counts["groups"] == 1
    assert counts["calls"] == 2
    assert counts["applications"] == [
        ("AI-FLOOR", "under_review", "closed"),
        ("CHEMLOOP", "rejected", "closed"),
        ("COBOT4SME", "accepted", "closed"),
        ("MEDAM", "under_review", "closed"),
        ("SB-H2", "draft", "published"),
        ("TEXVAL", "accepted", "closed"),
    ]
    # Five submitted consortia (two with a research organisation) and the draft's two partners.
    assert counts["co_applicants"] == [("confirmed", 13, 13), ("invited", 1, 0)]
    assert counts["attachments"] == 13
    assert counts["questions"] == 1
    assert counts["experts"] == 9
    # Three reviewers per submitted application; the last one's reviews, and the review the
    # expert login was given by hand, are still open.
    assert counts["reviews"] == [("assigned", 4), ("submitted", 12)]
    assert counts["consensus"] == 4
    assert counts["decisions"] == [("accept", 2), ("reject", 1)]
    assert counts["partnerships"] == [
        ("CIRBAT", "active", 0),
        ("H2VI", "active", 0),
        ("SAFE", "forming", 0),
        ("TEXVAL", "active", 1),
    ]
    assert counts["projects"] == [
        ("demonstration", 6),
        ("funded", 2),
        ("idea", 6),
        ("implemented", 2),
        ("investment_ready", 4),
    ]
    assert counts["stage_changes"] == 50
    assert counts["funding_lines"] == 35
    # The partnerships were launched today: their reports of this period are open, one drafted.
    assert counts["reports"] == [
        ("CIRBAT", "draft", 1),
        ("H2VI", "draft", 0),
        ("TEXVAL", "draft", 0),
    ]
    assert counts["events"] == [
        ("hydrogen-skills-workshop-demo", "workshop", "published"),
        ("hydrogen-valleys-brokerage-demo", "brokerage", "published"),
        ("smart-regions-conference-demo", "conference", "published"),
    ]
    # The conference is full (120 places) with three on the waiting list.
    assert counts["registrations"] == [
        ("hydrogen-skills-workshop-demo", "confirmed", 16),
        ("hydrogen-valleys-brokerage-demo", "confirmed", 80),
        ("smart-regions-conference-demo", "confirmed", 120),
        ("smart-regions-conference-demo", "waitlisted", 3),
    ]
    assert counts["event_sessions"] == 16
    assert counts["agenda_entries"] == 67
    assert counts["stand_bookings"] == [("approved", 5, 5), ("pending", 2, 1)]
    assert counts["pitches"] == [
        ("CIRBAT", "approved", 2),
        ("H2VI", "approved", 1),
        ("TEXVAL", "pending", None),
    ]
    assert counts["table_seats"] == 32
    assert counts["submitted_notes"] == 35
    assert counts["conclusions"] == 4
    assert counts["follow_ups"] == [(2, 1)]
    assert counts["meeting_profiles"] == 96
    assert counts["meeting_requests"] == [
        ("hydrogen-skills-workshop-demo", "accepted", 20),
        ("hydrogen-skills-workshop-demo", "declined", 4),
        ("hydrogen-valleys-brokerage-demo", "accepted", 186),
        ("hydrogen-valleys-brokerage-demo", "declined", 29),
        ("hydrogen-valleys-brokerage-demo", "pending", 35),
    ]
    assert counts["meetings"] == [(206, 2)]
    assert counts["schedule_runs"] == [("done", 186, 1)]
    assert counts["attendance"] == [("held", 16), ("no_show", 4)]
    assert counts["meeting_outcomes"] == 21
    files = _stored_files(var_dir)
    assert len(files) == counts["attachments"]

    credentials = var_dir / "demo_credentials.txt"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    rows = [line.split("\t") for line in credentials.read_text().splitlines() if line[0] != "#"]
    emails = [row[0] for row in rows]
    assert emails[:3] == [
        "admin@demo.smartregions.eu",
        "facilitator@demo.smartregions.eu",
        "cz031@demo.smartregions.eu",
    ]
    assert emails[4:] == [
        "member@demo.smartregions.eu",
        "organiser@demo.smartregions.eu",
        "broker@demo.smartregions.eu",
        "expert@demo.smartregions.eu",
    ]
    expert_reviews = _query(
        database,
        "SELECT a.acronym, r.status FROM calls_review r JOIN calls_expert e ON r.expert_id = e.id"
        " JOIN accounts_user u ON e.user_id = u.id JOIN calls_application a"
        " ON r.application_id = a.id WHERE u.email = 'expert@demo.smartregions.eu'",
    )
    assert expert_reviews == [("MEDAM", "assigned")]
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
    second = smartregions("demo", env=cli_env, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert credentials.read_text() == content
    assert _counts(database) == counts
    assert _stored_files(var_dir) == files
    assert "already present" in second.stdout
    assert "already computed" in second.stdout
    assert _query(database, runs_sql) == [("eurito-preprints", "done")]

    skipped = smartregions("demo", "--skip-if-loaded", env=cli_env)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "skipping the imports" in skipped.stdout
    assert "[ 3/21]" not in skipped.stdout
    assert credentials.read_text() == content

    last_note = _query(database, "SELECT MAX(id) FROM common_notification")[0][0]
    reset = smartregions("demo", "--reset", env=cli_env, timeout=900)
    assert reset.returncode == 0, reset.stdout + reset.stderr
    assert "Reset: deleted 40 synthetic strategies" in reset.stdout
    assert "[21/21] Demo accounts ... 8 ready" in reset.stdout
    new_rows = [line.split("\t") for line in credentials.read_text().splitlines()[2:]]
    assert [row[0] for row in new_rows] == emails
    assert all(row[1] != password_of[row[0]] for row in new_rows)
    # The demo logins exist before the data now, so they are told about more of it.
    after_reset = _counts(database)
    assert after_reset.pop("notifications") > counts.pop("notifications")
    assert after_reset == counts
    old_notes = f"SELECT COUNT(*) FROM common_notification WHERE id <= {last_note}"
    assert _query(database, old_notes) == [(0,)]
    # The old applications' files are gone; the new ones are stored.
    new_files = _stored_files(var_dir)
    assert len(new_files) == counts["attachments"]
    assert not new_files & files


def test_demo_fails_with_a_non_zero_exit_when_reference_data_is_missing(cli_env, tmp_path):
    cli_env["SMARTREGIONS_DATA_DIR"] = str(tmp_path / "empty")
    result = smartregions("demo", env=cli_env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "CommandError: Countries: 1 problem(s); nothing was imported:" in result.stderr
    assert "pycountry_iso3166-1.json: cannot read file" in result.stderr
    assert not (Path(cli_env["SMARTREGIONS_VAR_DIR"]) / "demo_credentials.txt").exists()

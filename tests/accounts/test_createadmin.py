"""``smartregions createadmin`` through the real console script and through call_command."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from smartregions.accounts.domain.queries import roles_of
from smartregions.accounts.models import Membership, User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-17"


def test_createadmin_creates_superuser_with_platform_admin_role(capsys):
    call_command("createadmin", "--email", "Admin@Example.eu", "--password", PASSWORD)
    user = User.objects.get()
    assert (user.email, user.is_superuser, user.is_staff, user.is_active) == (
        "admin@example.eu",
        True,
        True,
        True,
    )
    assert user.check_password(PASSWORD)
    assert roles_of(user) == {"platform_admin"}
    out = capsys.readouterr().out
    assert "Created platform administrator." in out
    assert "e-mail:   admin@example.eu" in out
    assert f"password: {PASSWORD}" in out


def test_createadmin_updates_existing_user_from_environment(monkeypatch, capsys):
    User.objects.create_user("admin@example.eu", "old-password-that-is-long", is_active=False)
    monkeypatch.setenv("SMARTREGIONS_ADMIN_PASSWORD", PASSWORD)
    call_command("createadmin", "--email", "admin@example.eu", "--no-input")
    call_command("createadmin", "--email", "admin@example.eu", "--no-input")
    user = User.objects.get()
    assert user.check_password(PASSWORD)
    assert (user.is_superuser, user.is_active) == (True, True)
    assert Membership.objects.filter(user=user).count() == 1
    assert "Updated platform administrator." in capsys.readouterr().out


def test_createadmin_no_input_without_environment_fails(monkeypatch):
    monkeypatch.delenv("SMARTREGIONS_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="SMARTREGIONS_ADMIN_PASSWORD"):
        call_command("createadmin", "--email", "admin@example.eu", "--no-input")
    assert not User.objects.exists()


def test_createadmin_refuses_weak_password():
    with pytest.raises(CommandError, match="password: This password is too short"):
        call_command("createadmin", "--email", "admin@example.eu", "--password", "abc")
    assert not User.objects.exists()


def test_createadmin_console_script_exits_non_zero_on_error(tmp_path):
    env = {
        **os.environ,
        "SMARTREGIONS_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "SMARTREGIONS_ADMIN_PASSWORD": "",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smartregions",
            "createadmin",
            "--email",
            "a@example.eu",
            "--no-input",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "SMARTREGIONS_ADMIN_PASSWORD" in result.stderr

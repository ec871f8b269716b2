"""``smartregions createadmin``: create or update the platform administrator."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartregions.accounts.domain.accounts import ensure_platform_admin

PASSWORD_VARIABLE = "SMARTREGIONS_ADMIN_PASSWORD"  # noqa: S105 - a variable name, not a secret


class Command(BaseCommand):
    help = (
        "Create (or update) a superuser with the platform_admin role. The password comes from "
        f"--password, from ${PASSWORD_VARIABLE} with --no-input, or from a prompt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="E-mail address of the administrator.")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--password", help="The password (visible in the process list).")
        source.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Do not prompt; read the password from ${PASSWORD_VARIABLE}.",
        )

    def _password(self, options: dict[str, Any]) -> str:
        if options["password"] is not None:
            return options["password"]
        if not options["interactive"]:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                msg = f"--no-input needs the password in ${PASSWORD_VARIABLE}"
                raise CommandError(msg)
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            msg = "the two passwords differ"
            raise CommandError(msg)
        return password

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options)
        if not password:
            msg = "the password must not be empty"
            raise CommandError(msg)
        try:
            user, created = ensure_platform_admin(email=options["email"], password=password)
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(problems) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} platform administrator."))
        self.stdout.write(f"  e-mail:   {user.email}")
        self.stdout.write(f"  password: {password}")

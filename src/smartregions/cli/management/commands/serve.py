"""``smartregions serve``: run the site with gunicorn, a production WSGI server.

Static files are collected first and served by whitenoise, so pages work with ``DEBUG`` off and
no separate web server. Behind a reverse proxy in production, set ``SMARTREGIONS_ALLOWED_HOSTS``
and ``SMARTREGIONS_PRODUCTION=1`` (see ``docs/deployment.md``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication


class SmartregionsServer(BaseApplication):
    """gunicorn run from Python with our options instead of its command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # ``control_socket`` is new in gunicorn 24
                self.cfg.set(key, value)

    def load(self) -> Any:
        from smartregions.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind (8000).")
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (2).")
        parser.add_argument(
            "--no-collectstatic",
            action="store_false",
            dest="collectstatic",
            help="Do not run collectstatic before starting.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            msg = "--workers must be at least 1"
            raise CommandError(msg)
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        # Workers are forked from this process: they must not share its database connections.
        connections.close_all()
        host, port = options["host"], options["port"]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(
            self.style.SUCCESS(f"Serving smartregions at http://{shown}:{port}/")
            + f" ({options['workers']} workers; press Ctrl+C to stop)"
        )
        if host not in {"127.0.0.1", "localhost", "::1"}:
            self.stdout.write(
                "Requests are accepted for the host names in SMARTREGIONS_ALLOWED_HOSTS "
                f"(now {', '.join(settings.ALLOWED_HOSTS) or 'none'})."
            )
        self.stdout.flush()
        SmartregionsServer(
            {
                "bind": f"{shown}:{port}",
                "workers": options["workers"],
                "accesslog": "-",
                "errorlog": "-",
                "loglevel": "info",
                # Threads serve slow clients without blocking a worker.
                "worker_class": "gthread",
                "threads": 4,
                "timeout": 60,
                "graceful_timeout": 10,
                # One control socket per installation, not one shared in the home directory.
                "control_socket": str(settings.VAR_DIR / "gunicorn.ctl"),
            }
        ).run()

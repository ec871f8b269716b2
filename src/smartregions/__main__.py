"""Console entry point: ``smartregions <command>`` wraps Django's manage.py."""

import os
import sys


def main() -> None:
    """Run a management command with the project's settings (``smartregions help`` lists them)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartregions.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

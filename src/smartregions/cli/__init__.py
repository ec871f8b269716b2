"""Command-line surface: platform-wide management commands (serve, demo, createadmin)."""

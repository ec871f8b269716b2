"""Permissions of the partnerships app: partnerships."""

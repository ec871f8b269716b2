"""Permissions of the partnerships app: monitoring."""

"""Permissions of the calls app: calls."""

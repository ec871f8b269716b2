"""Permissions of the partnerships app: plans."""

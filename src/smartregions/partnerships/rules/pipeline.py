"""Permissions of the partnerships app: pipeline."""

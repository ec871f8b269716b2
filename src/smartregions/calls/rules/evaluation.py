"""Permissions of the calls app: evaluation."""

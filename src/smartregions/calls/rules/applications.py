"""Permissions of the calls app: applications."""

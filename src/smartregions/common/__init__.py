"""Shared building blocks: activity log, import error reports, security middleware."""

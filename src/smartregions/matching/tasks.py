"""Background tasks of the marketplace (Django Tasks API): thin, idempotent, safe to repeat."""

from __future__ import annotations

from django_tasks import task

from smartregions.matching.domain.marketplace import profiles, saved_searches


@task()
def send_saved_search_digests() -> str:
    """E-mail every due saved search its new matching profiles; returns a summary.

    Calls the domain's ``saved_searches.send_saved_search_digests``, which never sends a
    profile twice for one search, so a retry or a second run is harmless.
    """
    return str(saved_searches.send_saved_search_digests())


@task()
def expire_profiles() -> int:
    """Move published profiles past their validity to ``expired``; returns how many.

    Calls :func:`~smartregions.matching.domain.marketplace.profiles.expire_profiles`
    (idempotent: a second run on the same day changes nothing).
    """
    return profiles.expire_profiles()

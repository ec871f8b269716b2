"""The calendar tests share the registration tests' world (see its conftest)."""

from tests.events.registration.conftest import _fresh_cache, clock, ew

__all__ = ["_fresh_cache", "clock", "ew"]

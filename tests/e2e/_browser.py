"""Steps the calls, partnership and monitoring journeys share: signing in as someone else and
waiting for htmx to finish a swap."""

from __future__ import annotations

import re

from tests.factories.accounts import PASSWORD


def log_in(page, email: str) -> None:
    """Sign the previous user out (cookies cleared) and sign ``email`` in."""
    page.context.clear_cookies()
    page.goto("/account/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/$"))


def wait_for_htmx(page) -> None:
    """Wait until htmx finished swapping and settling (no request, swap or settle class left)."""
    # A function, not an expression: Playwright polls an expression with eval(), which the
    # strict CSP refuses.
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )

"""Row locks of the evaluation: always the application first, then a review."""

from __future__ import annotations

from smartregions.calls.models import Application, Review


def lock_application(application: Application) -> Application:
    """Lock ``application``'s row for this transaction and reload it in place.

    Why: the caller's copy may be stale (another request moved it on); every check of a write
    must see the committed row, and concurrent writers wait for each other. The call is loaded
    along (not locked); other cached relations and prefetches are dropped.
    """
    application.refresh_from_db(
        from_queryset=Application.objects.select_for_update(of=("self",)).select_related("call")
    )
    return application


def lock_review(review: Review) -> Review:
    """Lock the review's application, then the review's row, and reload both in place."""
    application = lock_application(review.application)
    review.refresh_from_db(
        from_queryset=Review.objects.select_for_update(of=("self",)).select_related(
            "expert", "expert__user"
        )
    )
    review.application = application
    return review

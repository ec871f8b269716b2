"""Background tasks of the analytics app (Django Tasks API): they take ids and are idempotent."""

from __future__ import annotations

from django_tasks import task

from smartregions.analytics.domain.computation import run_computation


@task()
def compute_dataset(run_id: int) -> str:
    """Run the queued :class:`~smartregions.analytics.models.ComputationRun` ``run_id``.

    Calls :func:`~smartregions.analytics.domain.computation.run_computation`, which stores
    the results and the run's progress and outcome; returns the final status. Re-running a
    run recomputes and replaces its dataset's results.
    """
    return run_computation(run_id=run_id).status

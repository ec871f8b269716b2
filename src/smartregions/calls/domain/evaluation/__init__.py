"""The evaluation of applications: expert pool, assignment, reviews, panel and decisions.

The workflow (each step a domain function; the surfaces check who may call it with
:mod:`smartregions.calls.rules.evaluation`)::

    application: submitted --assign reviewers--> under review --decide--> accepted / rejected
                                                              \\--advance--> draft at stage 2

    review:      assigned --declare no conflict, save scores--> (assigned) --submit--> submitted
                 assigned --recuse--> recused     (staff then assign someone else)

Modules: :mod:`.experts` (pool and panels), :mod:`.conflicts` (conflicts of interest),
:mod:`.assignment` (by hand and automatic), :mod:`.reviews` (the expert's side),
:mod:`.decisions` (consensus and decisions), :mod:`.scoring` (totals and summaries),
:mod:`.notifications` (who hears what). Every step that changes an application's status writes
its history with :func:`~smartregions.calls.domain.history.change_application_status`; every
step writes the activity log, which with the history is the application's audit trail.

Lock order, to avoid deadlocks: the call's row first (where a step locks it: submission,
automatic assignment), then the application's row, then its reviews' rows. An application
withdrawn while under review takes its open reviews with it
(:func:`~smartregions.calls.domain.evaluation.assignment.cancel_open_reviews`).
"""

"""B2B matchmaking, participant side: profiles, suggestions, requests, availability, picking a
slot, the personal agenda, check-in, attendance and the post-meeting question.

The workflow, one module per step:

* :mod:`.profiles` - a confirmed participant keeps a profile (headline, offering, seeking).
* :mod:`.suggestions` - whom to meet: text similarity of seeking and offering, explained.
* :mod:`.requests` - send, accept (a :class:`~smartregions.events.models.Meeting` is created,
  unplaced), decline, cancel (the meeting is deleted, freeing its slot and table).
* :mod:`.availability` - the slots of a session a participant cannot attend.
* :mod:`.slots` - in ``participants_pick`` sessions, the parties pick a free common slot.
* :mod:`.attendance` - check-in, held / no-show, "did this lead to cooperation?".
* :mod:`.agenda` - the personal agenda as PDF and iCalendar.

Invariant the scheduler relies on: a ``Meeting`` exists exactly for each accepted request.
Every write that changes meetings or requests of a session locks the session row first
(``select_for_update``), so picks, acceptances and scheduler runs never interleave.
"""

"""Who may set up meeting sessions, run the scheduler and read the meeting statistics.

Everything here is organiser work: platform staff and the event's named organisers set up
meeting sessions (slots, tables, mode), place, lock and move meetings, run the automatic
scheduler, publish the schedule and read the statistics. Participants see their own meetings
through the meetings area once the schedule is published. Every permission takes the event.
"""

from __future__ import annotations

import rules

from smartregions.events.rules.base import is_event_organiser

rules.add_perm("events.manage_meeting_sessions", is_event_organiser)
rules.add_perm("events.schedule_meetings", is_event_organiser)
rules.add_perm("events.view_meeting_statistics", is_event_organiser)

from smartregions.events.models.discussion import (
    Conclusion,
    DiscussionRound,
    DiscussionTable,
    FollowUpAction,
    GuidingQuestion,
    RapporteurNote,
    TableSeat,
)
from smartregions.events.models.event import Event, RegistrationQuestion
from smartregions.events.models.exhibition import PitchApplication, Stand, StandBooking
from smartregions.events.models.matchmaking import (
    MatchmakingProfile,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    MeetingSession,
    MeetingSlot,
    ScheduleRun,
    Unavailability,
)
from smartregions.events.models.programme import AgendaEntry, Room, Session, SessionSpeaker
from smartregions.events.models.registration import Registration

__all__ = [
    "AgendaEntry",
    "Conclusion",
    "DiscussionRound",
    "DiscussionTable",
    "Event",
    "FollowUpAction",
    "GuidingQuestion",
    "MatchmakingProfile",
    "Meeting",
    "MeetingOutcome",
    "MeetingRequest",
    "MeetingSession",
    "MeetingSlot",
    "PitchApplication",
    "RapporteurNote",
    "Registration",
    "RegistrationQuestion",
    "Room",
    "ScheduleRun",
    "Session",
    "SessionSpeaker",
    "Stand",
    "StandBooking",
    "TableSeat",
    "Unavailability",
]

"""Why a meeting stayed unplaced, and why locked meetings cannot all keep their places, in names.

The kernel explains each unplaced meeting with a reason code
(:data:`smartregions.events.compute.scheduling.REASONS`) about "participant 12"; here each code
becomes a translated sentence about the people: "Ana Silva (Org X) and Ben Roth (Org Y) have
no common available slot." The first person is the one who asked for the meeting.

:func:`locked_conflicts` checks the locked meetings before the kernel runs (a party not
available in the locked slot, two locked meetings of one person in one slot, more locked
meetings than tables, a locked table that the slot does not have) and names every conflict,
so the organiser knows which lock to lift.
"""

from __future__ import annotations

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from smartregions.events.domain.scheduling.problem import SchedulingInput, participant_name
from smartregions.events.enums import RegistrationStatus, TimePreference
from smartregions.events.models import Meeting, MeetingSlot

#: The longest reason a meeting row holds (``Meeting.unplaced_reason``).
REASON_LENGTH = Meeting._meta.get_field("unplaced_reason").max_length


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _preference_text(preference: str) -> str:
    if preference == TimePreference.MORNING:
        return _("in the morning")
    return _("in the afternoon")


def reason_sentence(code: str | None, meeting: Meeting) -> str:
    """The sentence for the kernel's reason ``code`` about ``meeting`` (a generic one for a
    missing or unknown code), at most :data:`REASON_LENGTH` characters."""
    request = meeting.request
    names = {
        "first": participant_name(request.requester),
        "second": participant_name(request.recipient),
    }
    sentences = {
        "no_common_slot": _("%(first)s and %(second)s have no common available slot."),
        "not_allowed": _(
            "%(first)s and %(second)s have no common available slot %(when)s, when the "
            "meeting was asked for."
        ),
        "order": _("No slot open to %(first)s and %(second)s keeps the required order."),
        "first_busy": _("%(first)s has another meeting in every slot open to both."),
        "second_busy": _("%(second)s has another meeting in every slot open to both."),
        "both_busy": _("In every slot open to both, %(first)s or %(second)s has another meeting."),
        "tables_full": _("Every slot open to %(first)s and %(second)s has no free table."),
        "busy_or_full": _(
            "Every slot open to %(first)s and %(second)s has no free table or one of them in "
            "another meeting."
        ),
        "busy_full_or_order": _(
            "Every slot open to %(first)s and %(second)s has no free table, one of them in "
            "another meeting, or breaks the required order."
        ),
    }
    template = sentences.get(
        code or "",
        _(
            "The scheduler could not fit the meeting of %(first)s and %(second)s in without "
            "leaving out another meeting."
        ),
    )
    names["when"] = _preference_text(request.time_preference)
    return _capitalised(template % names)[:REASON_LENGTH]


def not_confirmed_reason(meeting: Meeting) -> str:
    """Why a meeting whose party is no longer a confirmed participant is not scheduled."""
    request = meeting.request
    gone = [
        participant_name(registration)
        for registration in (request.requester, request.recipient)
        if registration.status != RegistrationStatus.CONFIRMED
    ]
    return (_("%(names)s is no longer a confirmed participant.") % {"names": " / ".join(gone)})[
        :REASON_LENGTH
    ]


def _slot_text(slot: MeetingSlot, zone: str) -> str:
    return slot.starts_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def locked_conflicts(data: SchedulingInput) -> list[str]:
    """Every way the locked meetings of ``data`` break a hard rule, as sentences (empty when
    they can all keep their places). Read-only, no queries."""
    problems: list[str] = []
    problem = data.problem
    if problem.fixed is None:
        return problems
    zone = data.meeting_session.event.timezone
    by_slot: dict[int, list[int]] = defaultdict(list)
    for m, s in enumerate(problem.fixed.tolist()):
        if s >= 0:
            by_slot[s].append(m)
    for s, locked in sorted(by_slot.items()):
        when = _slot_text(data.slots[s], zone)
        seen: dict[int, int] = {}
        for m in locked:
            meeting = data.meetings[m]
            for p in problem.meetings[m].tolist():
                person = participant_name(data.participants[p])
                if not problem.available[p, s]:
                    problems.append(
                        _("%(person)s is not available at %(when)s, where a locked meeting is.")
                        % {"person": person, "when": when}
                    )
                if p in seen:
                    problems.append(
                        _("%(person)s has two locked meetings at %(when)s.")
                        % {"person": person, "when": when}
                    )
                seen[p] = m
            if meeting.table_number is not None and meeting.table_number > data.tables[s]:
                problems.append(
                    ngettext(
                        "A locked meeting at %(when)s sits at table %(table)s, but the slot has "
                        "%(tables)s table.",
                        "A locked meeting at %(when)s sits at table %(table)s, but the slot has "
                        "%(tables)s tables.",
                        data.tables[s],
                    )
                    % {"when": when, "table": meeting.table_number, "tables": data.tables[s]}
                )
        if len(locked) > data.tables[s]:
            problems.append(
                ngettext(
                    "%(n)s meetings are locked at %(when)s, which has %(tables)s table.",
                    "%(n)s meetings are locked at %(when)s, which has %(tables)s tables.",
                    data.tables[s],
                )
                % {"n": len(locked), "when": when, "tables": data.tables[s]}
            )
    return problems


def kernel_conflict(data: SchedulingInput, indices: tuple[int, ...]) -> str:
    """The kernel's infeasible fixed meetings (indices) as a sentence naming the people."""
    names = [
        _("%(first)s with %(second)s")
        % {
            "first": participant_name(data.meetings[m].request.requester),
            "second": participant_name(data.meetings[m].request.recipient),
        }
        for m in indices
        if 0 <= m < len(data.meetings)
    ]
    return _("The locked meetings cannot all keep their slots: %(names)s.") % {
        "names": "; ".join(names)
    }

"""Kernel reason codes translated into sentences about the people."""

from __future__ import annotations

import pytest

from smartregions.events.compute.scheduling import REASONS
from smartregions.events.domain.scheduling import build_scheduling_input
from smartregions.events.domain.scheduling.reasons import kernel_conflict, reason_sentence
from smartregions.events.enums import TimePreference
from tests.events.scheduling.conftest import accept

SENTENCES = {
    "no_common_slot": "Ana Silva (Org X) and Cem Kaya have no common available slot.",
    "not_allowed": "Ana Silva (Org X) and Cem Kaya have no common available slot in the "
    "morning, when the meeting was asked for.",
    "order": "No slot open to Ana Silva (Org X) and Cem Kaya keeps the required order.",
    "first_busy": "Ana Silva (Org X) has another meeting in every slot open to both.",
    "second_busy": "Cem Kaya has another meeting in every slot open to both.",
    "both_busy": "In every slot open to both, Ana Silva (Org X) or Cem Kaya has another meeting.",
    "tables_full": "Every slot open to Ana Silva (Org X) and Cem Kaya has no free table.",
    "busy_or_full": "Every slot open to Ana Silva (Org X) and Cem Kaya has no free table or one "
    "of them in another meeting.",
    "busy_full_or_order": "Every slot open to Ana Silva (Org X) and Cem Kaya has no free table, "
    "one of them in another meeting, or breaks the required order.",
    None: "The scheduler could not fit the meeting of Ana Silva (Org X) and Cem Kaya in without "
    "leaving out another meeting.",
}


def test_every_kernel_code_has_a_sentence():
    assert set(REASONS) == {code for code in SENTENCES if code is not None}


@pytest.mark.parametrize("code", list(SENTENCES))
def test_reason_sentence_names_the_parties(w, code):
    meeting = accept(w.session, w.ana, w.cem, preference=TimePreference.MORNING)
    assert reason_sentence(code, meeting) == SENTENCES[code]


def test_kernel_conflict_names_the_meetings(w):
    accept(w.session, w.ana, w.ben)
    accept(w.session, w.cem, w.dana)
    data = build_scheduling_input(w.session)
    assert kernel_conflict(data, (0, 1)) == (
        "The locked meetings cannot all keep their slots: Ana Silva (Org X) with Ben Roth "
        "(Org Y); Cem Kaya with Dana Novak (Org Z)."
    )

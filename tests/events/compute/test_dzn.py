"""The .dzn reader: every published instance parses, and bad input names file, line and field."""

from __future__ import annotations

import re

import numpy as np
import pytest

from smartregions.events.compute.dzn import DznError, parse_dzn, read_dzn

HEADER = """nBusiness = 3;
nMeetings = 2;
nTables = 2;
nTotalSlots = 4;
nMorningSlots = 2;
"""
ROWS = "requested = [|1, 2,1,\n|2, 3,3,\n|];\n"


def scalar(text: str, name: str) -> int:
    return int(re.search(rf"^{name}\s*=\s*(\d+);", text, re.MULTILINE).group(1))


def test_read_dzn_parses_every_published_instance(b2b_dir):
    files = sorted(b2b_dir.glob("*.dzn"))
    assert len(files) == 35
    for path in files:
        text = path.read_text()
        problem = read_dzn(path)
        assert problem.meetings.shape == (scalar(text, "nMeetings"), 2), path.name
        assert problem.n_participants == scalar(text, "nBusiness"), path.name
        assert problem.n_slots == scalar(text, "nTotalSlots"), path.name
        assert problem.tables.tolist() == [scalar(text, "nTables")] * problem.n_slots
        degree = np.bincount(problem.meetings.ravel(), minlength=problem.n_participants)
        assert degree.sum() == 2 * problem.meetings.shape[0]


def test_read_dzn_reads_the_fields_of_forum_13(b2b_dir):
    problem = read_dzn(b2b_dir / "forum-13.original.dzn")
    assert problem.meetings[:2].tolist() == [[0, 1], [0, 2]]
    # row "1, 2,1": morning only, slots 1..13 of 21
    assert problem.allowed[0].tolist() == [True] * 13 + [False] * 8
    # row "6, 26,2": afternoon only
    assert problem.allowed[9].tolist() == [False] * 13 + [True] * 8
    # "forbidden": participant 3 cannot attend slot 17, participant 1 has {0} (none)
    assert not problem.available[2, 16]
    assert problem.available[0].all()
    assert int((~problem.available).sum()) == 22
    assert problem.fixed is None
    assert problem.precedences is None


def test_read_dzn_reads_fixed_slots_and_precedences(b2b_dir):
    fixed = read_dzn(b2b_dir / "forum-13.fixed020-Forb.dzn").fixed
    # "fixed = [0,0,0,0,0,0,0,0,1,...,10,0,4,...]": meeting 9 in slot 1, meeting 17 in slot 10
    assert fixed[8] == 0
    assert fixed[16] == 9
    assert fixed[18] == 3
    assert int((fixed >= 0).sum()) == 30
    precedences = read_dzn(b2b_dir / "forum-13.prec25.dzn").precedences
    # precedences[2] = {27}: meeting 27 comes before meeting 2 (1-based)
    assert [26, 1] in precedences.tolist()
    assert len(precedences) == 48


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        (HEADER + "requested = [|1, 2,1,\n|2, 3,\n|];\n", 7, "requested", "row 2 has 2 values"),
        (HEADER + "requested = [|1, 2,1,\n|2, 9,3,\n|];\n", 7, "requested", "participant 9"),
        (HEADER + "requested = [|1, 2,1,\n|2, 3,4,\n|];\n", 7, "requested", "time code 4"),
        (HEADER + "requested = [|1, 2,1,\n|];\n", 6, "requested", "has 1 rows, nMeetings is 2"),
        (
            HEADER + ROWS + "nMeetingsBusiness = [1,\n3,1];\n",
            10,
            "nMeetingsBusiness",
            "participant 2",
        ),
        (HEADER + ROWS + "forbidden = [{0},\n{0},\n{0,7}];\n", 11, "forbidden", "slot 7"),
        (HEADER + ROWS + "fixed = [0, 5];\n", 9, "fixed", "meeting 2: slot 5"),
        (HEADER + ROWS + "precedences = [{},\n{2}];\n", 10, "precedences", "meeting 2"),
        (HEADER + ROWS + "fixed = [0 0];\n", 9, "fixed", "expected ',' or ']', found '0'"),
        (HEADER + ROWS + "fixed = [0, #];\n", 9, None, "unexpected character '#'"),
    ],
)
def test_parse_dzn_names_line_and_field_of_bad_input(text, line, field, message):
    with pytest.raises(DznError) as caught:
        parse_dzn(text, path="bad.dzn")
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.path, error.line, error.field) == ("bad.dzn", line, field or error.field)
    assert str(error).startswith(f"bad.dzn, line {line}")
    if message:
        assert message in str(error)


def test_parse_dzn_reports_a_missing_field_by_name():
    with pytest.raises(DznError, match=r"bad.dzn, line 1, field 'nTables': missing"):
        parse_dzn(HEADER.replace("nTables = 2;\n", "") + ROWS, path="bad.dzn")


def test_parse_dzn_accepts_comments_and_a_small_instance():
    problem = parse_dzn("% a comment\n" + HEADER + ROWS + "forbidden = [{}, {0}, {1,4}];\n")
    assert problem.meetings.tolist() == [[0, 1], [1, 2]]
    assert problem.allowed.tolist() == [[True, True, False, False], [True] * 4]
    assert problem.available.tolist() == [[True] * 4, [True] * 4, [False, True, True, False]]

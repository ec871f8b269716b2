"""The partner commands: find_partners, build_consortium, import_region_categories."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from smartregions.regions.models import Region


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_find_partners_command_table(partner_world):
    out = _run("find_partners", "cz03", "--area", "robotics", "--limit", "2")
    lines = out.splitlines()
    assert lines[0].split() == [
        "rank",
        "code",
        "region",
        "country",
        "score",
        "codes",
        "text",
        "ties",
        "why",
    ]
    assert lines[1].split()[:2] == ["1", "PL21"]
    assert "codes 28.1" in lines[1]
    assert len(lines) == 3


def test_find_partners_command_json_and_csv(partner_world):
    weights = "codes=1,text=0,complementarity=0,relatedness=0,ties=1"
    data = json.loads(
        _run(
            "find_partners", "CZ03", "--area", "robotics", "--weights", weights, "--format", "json"
        )
    )
    assert data["results"][0]["code"] == "SK01"
    assert data["results"][0]["total"] == 0.625
    assert data["results"][0]["ties"] == 2
    rows = list(
        csv.reader(io.StringIO(_run("find_partners", "CZ03", "--format", "csv", "--country", "SK")))
    )
    assert sorted(row[1] for row in rows[1:]) == ["SK01", "SK02"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("XX99",), "unknown region XX99"),
        (
            ("CZ03", "--weights", "codes=-2"),
            "weights: The weight of 'codes' must be from 0 to 1000.",
        ),
        (("CZ03", "--area", "nope"), "area: Unknown thematic area 'nope'."),
        (("CZ03", "--level", "7"), "level: Choose NUTS level 1, 2 or 3"),
    ],
)
def test_find_partners_command_errors(partner_world, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _run("find_partners", *args)


def test_build_consortium_command(partner_world):
    out = _run("build_consortium", "--codes", "28,62", "--k", "3", "--min-countries", "2")
    lines = out.splitlines()
    assert [line.split()[1] for line in lines[1:3]] == ["AT12", "CZ03"]
    assert "covers 2 of 2; uncovered: none" in out
    data = json.loads(
        _run(
            "build_consortium",
            "--codes",
            "28,62",
            "--k",
            "3",
            "--min-countries",
            "2",
            "--lock",
            "SK01",
            "--drop",
            "CZ03",
            "--format",
            "json",
        )
    )
    assert data["members"][0] == {
        "code": "SK01",
        "country": "SK",
        "contributes": ["28"],
        "locked": True,
        "restricted": False,
    }
    assert "CZ03" not in [m["code"] for m in data["members"]]


def test_build_consortium_command_errors(partner_world):
    with pytest.raises(CommandError, match="min_countries: Ask for 1 to k=2"):
        _run("build_consortium", "--codes", "28", "--k", "2")
    with pytest.raises(CommandError, match=r"codes: Unknown code\(s\): 99.99."):
        _run("build_consortium", "--codes", "99.99")


def test_import_region_categories_command(partner_world, tmp_path):
    path = tmp_path / "cat.csv"
    path.write_text("nuts_code,category,industrial_transition\nSK02,more_developed,yes\n")
    out = _run("import_region_categories", str(path))
    assert "1 updated" in out
    region = Region.objects.get(code="SK02")
    assert (region.category, region.industrial_transition) == ("more_developed", True)
    path.write_text("nuts_code,category\nSK02,rich\n")
    with pytest.raises(CommandError, match="row 2, field 'category'"):
        _run("import_region_categories", str(path))

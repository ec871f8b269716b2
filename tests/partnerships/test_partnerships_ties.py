"""Partnership ties in the partner finder: current members of active partnerships."""

from __future__ import annotations

from smartregions.matching.domain.regions.candidates import RegionRow
from smartregions.matching.domain.regions.ties import region_ties, tie_counts
from smartregions.partnerships.domain.members import remove_member
from smartregions.partnerships.domain.partnerships import close_partnership
from smartregions.partnerships.models import PartnershipMember


def _rows(pw, *codes):
    regions = {r.code: r for r in (pw.sk01, pw.at12, pw.de11, pw.cz06)}
    return [
        RegionRow(
            id=regions[code].pk,
            code=code,
            name=regions[code].name_latin,
            level=2,
            country=regions[code].country.code,
            country_name=regions[code].country.name,
            category="",
            industrial_transition=False,
        )
        for code in codes
    ]


def _pairs(ties):
    return [[(t.local, t.partner, t.partner_region, t.subject) for t in items] for items in ties]


def test_active_partnership_ties_regions_and_organisations(pw, active, django_assert_num_queries):
    with django_assert_num_queries(2):
        ties = region_ties(focal_code="CZ06", candidates=_rows(pw, "SK01", "AT12", "DE11"))
    assert _pairs(ties) == [
        [("Jihovýchod", "Bratislavský kraj", "SK01", "Robotics Valleys")],
        [
            ("Jihovýchod", "Niederösterreich", "AT12", "Robotics Valleys"),
            ("Jihovýchod", "Danube Research Institute", "AT12", "Robotics Valleys"),
        ],
        [],
    ]
    assert tie_counts(ties).tolist() == [1.0, 2.0, 0.0]
    assert ties[0][0].since == active.launched_at


def test_forming_and_closed_partnerships_do_not_tie(pw, active):
    rows = _rows(pw, "SK01", "AT12")
    close_partnership(actor=None, partnership=active)
    assert tie_counts(region_ties(focal_code="CZ06", candidates=rows)).tolist() == [0.0, 0.0]


def test_members_that_left_do_not_tie(pw, active):
    remove_member(
        actor=None, member=PartnershipMember.objects.get(partnership=active, region=pw.sk01)
    )
    ties = region_ties(focal_code="CZ06", candidates=_rows(pw, "SK01", "AT12"))
    assert tie_counts(ties).tolist() == [0.0, 2.0]


def test_ties_seen_from_the_partner_side(pw, active):
    ties = region_ties(focal_code="AT12", candidates=_rows(pw, "CZ06", "SK01"))
    # AT12 has two local members (the region and the institute): each ties to each partner.
    assert _pairs(ties) == [
        [
            ("Niederösterreich", "Jihovýchod", "CZ06", "Robotics Valleys"),
            ("Danube Research Institute", "Jihovýchod", "CZ06", "Robotics Valleys"),
        ],
        [
            ("Niederösterreich", "Bratislavský kraj", "SK01", "Robotics Valleys"),
            ("Danube Research Institute", "Bratislavský kraj", "SK01", "Robotics Valleys"),
        ],
    ]


def test_forming_partnership_has_no_ties(pw):
    ties = region_ties(focal_code="CZ06", candidates=_rows(pw, "SK01"))
    assert ties == [[]]

"""SME groups, partner matching, the joint strategy and its exports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from smartregions.brokerage.domain import groups as group_domain
from smartregions.brokerage.domain import strategy as strategy_domain
from smartregions.brokerage.domain.export import export_strategy, strategy_markdown, strategy_pdf
from smartregions.brokerage.domain.matching import suggest_case_partners, suggest_group_partners
from smartregions.brokerage.enums import GroupStatus
from tests.common._pdf_text import pdf_strings


@pytest.fixture
def group(bw, new_case):
    return group_domain.form_group(
        actor=bw.broker_cz.user,
        broker=bw.broker_cz,
        name="Welding robots",
        challenge="Robotic welding automation for thin metal sheets.",
        thematic_area=bw.manufacturing,
        nace_codes=[bw.n28],
        cases=[new_case],
        organisations=[bw.sme2, bw.sme1],
    )


def test_form_group_takes_smes_from_cases_and_organisations_once(bw, group, new_case):
    members = list(
        group.members.order_by("organisation__name").values_list("organisation__name", "case")
    )
    assert members == [("Brno Welding s.r.o.", new_case.pk), ("Znojmo Robotics s.r.o.", None)]
    assert group.status == GroupStatus.FORMING


def test_add_non_sme_member_is_refused(bw, group):
    with pytest.raises(ValidationError) as caught:
        group_domain.add_group_member(actor=None, group=group, organisation=bw.large)
    assert list(caught.value.message_dict) == ["organisation"]


def test_group_status_goes_forming_active_closed(bw, group):
    group_domain.change_group_status(actor=None, group=group, status=GroupStatus.ACTIVE)
    group_domain.change_group_status(actor=None, group=group, status=GroupStatus.CLOSED)
    with pytest.raises(ValidationError):
        group_domain.change_group_status(actor=None, group=group, status=GroupStatus.ACTIVE)
    with pytest.raises(ValidationError):
        group_domain.add_group_member(actor=None, group=group, organisation=bw.sme_far)


def test_suggestions_rank_partners_abroad_with_reasons(bw, group):
    suggestions = suggest_group_partners(group)
    names = [s.organisation.name for s in suggestions]
    assert names == ["Stuttgart Institute for Welding Automation", "Slovak Mechatronics Cluster"]
    best = suggestions[0]
    assert best.shared_codes == ["28"]
    assert best.thematic_match is True
    assert set(best.parts) == {"text", "codes", "thematic"}
    assert best.score == pytest.approx(sum(best.parts.values()), abs=1e-3)
    assert best.sentences[0].sentence_b == "Laser welding of thin metal sheets."
    assert suggestions[1].thematic_match is False


def test_suggestions_leave_out_added_partners(bw, group):
    group_domain.add_group_partner(actor=None, group=group, organisation=bw.fraunhofer, score=0.7)
    assert [s.organisation.name for s in suggest_group_partners(group)] == [
        "Slovak Mechatronics Cluster"
    ]


def test_case_suggestions_exclude_own_country(bw, new_case):
    names = {s.organisation.name for s in suggest_case_partners(new_case)}
    assert "Brno Technology Centre" not in names
    assert "Stuttgart Institute for Welding Automation" in names


@pytest.mark.parametrize(
    ("name", "reason"),
    [("czech_centre", "partners come from abroad"), ("it_company", "not an innovation partner")],
)
def test_add_partner_refuses_wrong_candidates(bw, group, name, reason):
    with pytest.raises(ValidationError) as caught:
        group_domain.add_group_partner(actor=None, group=group, organisation=getattr(bw, name))
    assert reason in caught.value.message_dict["organisation"][0]


def test_partner_status_transitions(bw, group):
    partner = group_domain.add_group_partner(actor=None, group=group, organisation=bw.cluster)
    group_domain.set_partner_status(actor=None, partner=partner, status="contacted")
    group_domain.set_partner_status(actor=None, partner=partner, status="confirmed")
    with pytest.raises(ValidationError):
        group_domain.set_partner_status(actor=None, partner=partner, status="proposed")


@pytest.fixture
def strategy(bw, group):
    group_domain.add_group_partner(actor=None, group=group, organisation=bw.fraunhofer, score=0.7)
    strategy_domain.save_strategy(
        actor=None,
        group=group,
        title="Společná strategie: robotické svařování",
        summary="Každý člen provozuje robotickou buňku.",
        target_value_chains="Metal products",
        target_nace_codes=[bw.n25],
    )
    strategy_domain.add_objective(actor=None, group=group, text="Shared pilot line")
    strategy_domain.add_objective(actor=None, group=group, text="Train operators")
    strategy_domain.add_action(
        actor=None,
        group=group,
        title="Book the lab",
        owner=bw.fraunhofer,
        due_date=datetime.date(2027, 3, 31),
    )
    strategy_domain.add_funding(
        actor=None, group=group, source="i3", amount_eur=Decimal("1200000"), status="planned"
    )
    return group.strategy


def test_action_owner_must_belong_to_group(bw, group, strategy):
    with pytest.raises(ValidationError) as caught:
        strategy_domain.add_action(actor=None, group=group, title="X", owner=bw.large)
    assert list(caught.value.message_dict) == ["owner"]


def test_move_objective_up_reorders(bw, group, strategy):
    second = strategy.objectives.get(text="Train operators")
    strategy_domain.move_item(actor=None, item=second, up=True)
    assert list(strategy.objectives.values_list("text", flat=True)) == [
        "Train operators",
        "Shared pilot line",
    ]


def test_objective_needs_started_strategy(bw, group):
    with pytest.raises(ValidationError) as caught:
        strategy_domain.add_objective(actor=None, group=group, text="X")
    assert list(caught.value.message_dict) == ["strategy"]


def test_markdown_export_has_every_part(bw, group, strategy):
    text = strategy_markdown(group)
    assert text.startswith("# Společná strategie: robotické svařování\n")
    assert "1. Shared pilot line\n2. Train operators\n" in text
    assert (
        "| 1 | Book the lab | Stuttgart Institute for Welding Automation | 2027-03-31 | Planned |"
        in text
    )
    assert "| Interregional innovation investments (I3) |  | 1,200,000 EUR | Planned |" in text
    assert "- NACE 25 Metal products" in text


def test_pdf_export_renders_unicode_text(bw, group, strategy):
    shown = pdf_strings(strategy_pdf(group, compress=False))
    assert shown[0] == "Společná strategie: robotické svařování"
    assert "1. Shared pilot line" in shown
    assert "Book the lab" in shown


def test_export_refuses_unknown_format(bw, group, strategy):
    with pytest.raises(ValidationError):
        export_strategy(group, format="docx")
    assert export_strategy(group, format="pdf").content.startswith(b"%PDF-")

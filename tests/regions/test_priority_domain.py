from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from smartregions.common.models import ActivityLogEntry
from smartregions.regions.domain.priorities import create_priority, delete_priority, update_priority
from smartregions.regions.domain.queries import PrioritySearch, search_priorities
from smartregions.regions.enums import TaxonomyKind
from tests.factories import (
    PriorityFactory,
    StrategyFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nace():
    taxonomy = TaxonomyFactory(slug="nace-rev2", kind=TaxonomyKind.ECONOMIC)
    section = TermFactory(taxonomy=taxonomy, code="C", label="Manufacturing", level=1)
    division = TermFactory(taxonomy=taxonomy, code="28", label="Machinery", level=2, parent=section)
    return {"C": section, "28": division}


def test_create_priority_sets_codes_search_text_and_logs(nace):
    user = UserFactory()
    strategy = StrategyFactory()
    area = ThematicAreaFactory(name="Advanced manufacturing")
    priority = create_priority(
        actor=user,
        strategy=strategy,
        title="Strojírenství a mechatronika",
        description="Výroba strojů",
        economic_domains=[nace["28"]],
        thematic_areas=[area],
        keywords=["robotics", " robotics ", ""],
        budget_eur=Decimal("1000000.00"),
    )
    assert priority.reference == "P1"
    assert priority.keywords == ["robotics"]
    assert list(priority.economic_domains.values_list("code", flat=True)) == ["28"]
    assert priority.search_text == (
        "strojirenstvi a mechatronika vyroba stroju robotics advanced manufacturing"
    )
    entry = ActivityLogEntry.objects.get(action="priority.create")
    assert (entry.actor, entry.object_id) == (user, str(priority.pk))


def test_create_priority_refuses_code_of_wrong_axis(nace):
    strategy = StrategyFactory()
    with pytest.raises(ValidationError) as excinfo:
        create_priority(actor=None, strategy=strategy, title="X", scientific_domains=[nace["28"]])
    assert "scientific_domains" in excinfo.value.message_dict
    assert not strategy.priorities.exists()


def test_update_priority_logs_changed_fields():
    priority = PriorityFactory(title="Old")
    update_priority(actor=None, priority=priority, title="New", description=priority.description)
    entry = ActivityLogEntry.objects.get(action="priority.update")
    assert entry.data == {"changed": ["title"]}
    priority.refresh_from_db()
    assert priority.search_text.startswith("new ")


def test_delete_priority_keeps_log_entry():
    priority = PriorityFactory(reference="P9")
    delete_priority(actor=None, priority=priority)
    entry = ActivityLogEntry.objects.get(action="priority.delete")
    assert entry.data["reference"] == "P9"


def test_search_priorities_matches_section_filter_through_hierarchy(nace):
    strategy = StrategyFactory()
    coded = create_priority(
        actor=None, strategy=strategy, title="Machines", economic_domains=[nace["28"]]
    )
    create_priority(actor=None, strategy=strategy, title="Tourism")
    found = list(search_priorities(PrioritySearch(economic=("C",))))
    assert found == [coded]


def test_search_priorities_text_is_accent_insensitive_and_all_words(nace):
    strategy = StrategyFactory()
    hit = create_priority(
        actor=None, strategy=strategy, title="Strojírenství", description="mechatronika"
    )
    create_priority(actor=None, strategy=strategy, title="Strojírenství", description="textil")
    found = list(search_priorities(PrioritySearch(text="STROJIRENSTVI Mechatronika")))
    assert found == [hit]

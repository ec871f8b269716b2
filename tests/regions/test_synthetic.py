import pytest

from smartregions.common.models import ActivityLogEntry
from smartregions.organisations.models import Organisation
from smartregions.regions.domain.priorities import refresh_search_text
from smartregions.regions.domain.queries import PrioritySearch, search_priorities
from smartregions.regions.domain.synthetic import (
    CORPUS_FLAG,
    THEMES,
    delete_synthetic_registry,
    generate_priority_corpus,
    generate_synthetic_registry,
)
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Priority, Strategy
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    RegionFactory,
    StrategyFactory,
    TaxonomyFactory,
    TermFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

SEED = 7


@pytest.fixture
def registry():
    """Five countries with three NUTS-2 regions each (plus an extra-regio code), and the terms
    and thematic areas the generator's themes refer to."""
    for code in ("DE", "PL", "AT", "SK", "CZ"):
        country = CountryFactory(code=code, name=f"Country {code}")
        for n in (1, 2, 3):
            RegionFactory(code=f"{code}{n}{n}", level=2, country=country)
    RegionFactory(code="DEZZ", level=2, country=CountryFactory(code="DE"), is_extra_regio=True)
    nace = TaxonomyFactory(slug="nace-rev2", name="NACE", kind=TaxonomyKind.ECONOMIC)
    section = TermFactory(taxonomy=nace, code="C", level=1)
    divisions = {code for theme in THEMES for code in theme.nace} | {"72", "84", "94", "70", "74"}
    for code in sorted(divisions):
        TermFactory(taxonomy=nace, code=code, level=2, parent=section)
    ford = TaxonomyFactory(slug="ford-2015", name="FORD", kind=TaxonomyKind.SCIENTIFIC)
    for code in sorted({code for theme in THEMES for code in theme.ford}):
        TermFactory(taxonomy=ford, code=code, level=2)
    cohesion = TaxonomyFactory(slug="cohesion-2021-2027", name="CP", kind=TaxonomyKind.POLICY)
    for code in sorted({code for theme in THEMES for code in theme.policy}):
        parent = TermFactory(taxonomy=cohesion, code=f"PO{code[3]}", level=1)
        TermFactory(taxonomy=cohesion, code=code, level=2, parent=parent)
    for slug in sorted({slug for theme in THEMES for slug in theme.areas}):
        ThematicAreaFactory(slug=slug, name=slug.replace("-", " ").capitalize())


def _snapshot():
    return (
        list(Strategy.objects.order_by("region__code").values_list("title", "status")),
        list(
            Priority.objects.order_by("strategy__region__code", "reference").values_list(
                "title", "description", "keywords", "budget_eur"
            )
        ),
        list(Organisation.objects.order_by("slug").values_list("name", "type", "size")),
    )


def test_generate_synthetic_registry_is_deterministic_for_a_seed(registry):
    first = generate_synthetic_registry(seed=SEED, n_countries=3, regions_per_country=2)
    before = _snapshot()
    again = generate_synthetic_registry(
        seed=SEED, n_countries=3, regions_per_country=2, replace=True
    )
    assert _snapshot() == before
    assert (again.regions, again.priorities) == (first.regions, first.priorities)
    generate_synthetic_registry(seed=SEED + 1, n_countries=3, regions_per_country=2, replace=True)
    assert _snapshot() != before


def test_generate_synthetic_registry_picks_regions_outside_czechia(registry):
    summary = generate_synthetic_registry(seed=SEED, n_countries=4, regions_per_country=2)
    assert summary.created is True
    assert summary.countries == ["AT", "DE", "PL", "SK"]
    assert len(summary.regions) == 8
    assert sorted(code[:2] for code in summary.regions) == sorted(["AT", "DE", "PL", "SK"] * 2)
    assert "DEZZ" not in summary.regions
    assert summary.strategies == Strategy.objects.count() == 8
    assert 8 * 4 <= summary.priorities == Priority.objects.count() <= 8 * 8
    assert 8 * 3 <= summary.organisations == Organisation.objects.count() <= 8 * 8


def test_generate_synthetic_registry_flags_everything_as_synthetic(registry):
    generate_synthetic_registry(seed=SEED, n_countries=4, regions_per_country=3)
    strategies = list(Strategy.objects.all())
    assert {s.is_synthetic for s in strategies} == {True}
    for strategy in strategies:
        assert strategy.title == (
            f"[Synthetic] {strategy.region.name_latin} smart specialisation strategy 2021-2027"
        )
        assert strategy.managing_authority.startswith("[Synthetic] ")
        assert (strategy.period_start, strategy.period_end) == (2021, 2027)
    assert {s.status for s in strategies} <= {"adopted", "draft"}
    assert set(Priority.objects.values_list("is_synthetic", flat=True)) == {True}
    assert all(
        d.startswith("[Synthetic] ") for d in Priority.objects.values_list("description", flat=True)
    )
    organisations = Organisation.objects.all()
    assert {o.is_synthetic for o in organisations} == {True}
    assert all(o.description.startswith("[Synthetic] ") for o in organisations)
    assert all(f"(seed {SEED})" in o.description for o in organisations)
    # Every region gets exactly one public authority; the rest is a mix.
    assert Organisation.objects.filter(type="public_authority").count() == 12
    assert len(set(organisations.values_list("type", flat=True))) >= 4


def test_generate_synthetic_registry_codes_come_from_the_right_taxonomies(registry):
    generate_synthetic_registry(seed=SEED, n_countries=4, regions_per_country=2)
    for priority in Priority.objects.prefetch_related(
        "economic_domains__taxonomy", "scientific_domains__taxonomy", "policy_objectives"
    ):
        economic = {t.taxonomy.slug for t in priority.economic_domains.all()}
        scientific = {t.taxonomy.slug for t in priority.scientific_domains.all()}
        policy = [t.code for t in priority.policy_objectives.all()]
        assert economic == {"nace-rev2"}
        assert scientific == {"ford-2015"}
        assert 2 <= priority.economic_domains.count() <= 4
        specific = [code for code in policy if code.startswith("RSO")]
        assert specific
        assert sorted(c for c in policy if c.startswith("PO")) == sorted(
            {f"PO{code[3]}" for code in specific}
        )
        assert priority.thematic_areas.exists()
        assert 3 <= len(priority.keywords) <= 5
        assert priority.budget_eur is None or priority.budget_eur > 0
        stored = priority.search_text
        refresh_search_text(priority)
        assert priority.search_text == stored
    nace_slugs = set(
        Organisation.nace_codes.through.objects.values_list("term__taxonomy__slug", flat=True)
    )
    assert nace_slugs == {"nace-rev2"}


def test_generate_synthetic_registry_does_nothing_when_the_seed_is_loaded(registry):
    first = generate_synthetic_registry(seed=SEED, n_countries=2, regions_per_country=2)
    again = generate_synthetic_registry(seed=SEED, n_countries=2, regions_per_country=2)
    assert again.created is False
    assert (again.regions, again.strategies, again.priorities, again.organisations) == (
        first.regions,
        first.strategies,
        first.priorities,
        first.organisations,
    )
    assert Priority.objects.count() == first.priorities
    assert ActivityLogEntry.objects.filter(action="synthetic.generate").count() == 1


def test_generate_synthetic_registry_refuses_a_second_seed_without_replace(registry):
    generate_synthetic_registry(seed=SEED, n_countries=2, regions_per_country=2)
    with pytest.raises(ValueError, match="another seed"):
        generate_synthetic_registry(seed=SEED + 1, n_countries=2, regions_per_country=2)


def test_delete_synthetic_registry_keeps_real_data(registry):
    real_strategy = StrategyFactory(region=RegionFactory(code="CZ11"))
    real_organisation = OrganisationFactory(region=real_strategy.region)
    generate_synthetic_registry(seed=SEED, n_countries=2, regions_per_country=2)
    synthetic_organisations = Organisation.objects.filter(is_synthetic=True).count()
    assert delete_synthetic_registry() == (4, synthetic_organisations)
    assert list(Strategy.objects.all()) == [real_strategy]
    assert list(Organisation.objects.all()) == [real_organisation]
    assert not Priority.objects.exists()


def test_generate_priority_corpus_creates_exactly_n_searchable_priorities(registry):
    summary = generate_priority_corpus(n=57, seed=SEED)
    assert summary.priorities == Priority.objects.count() == 57
    assert all(
        t.startswith(f"{CORPUS_FLAG} ") for t in Strategy.objects.values_list("title", flat=True)
    )
    assert set(Priority.objects.values_list("is_synthetic", flat=True)) == {True}
    # Corpus strategies are not part of the demo registry, so a registry reset keeps them.
    assert delete_synthetic_registry() == (0, 0)
    in_section_c = search_priorities(PrioritySearch(economic=("C",)))
    assert in_section_c.count() == 57


def test_generate_priority_corpus_needs_regions():
    with pytest.raises(ValueError, match="import the NUTS registry"):
        generate_priority_corpus(n=10, seed=SEED)


def test_generate_synthetic_registry_needs_regions():
    with pytest.raises(ValueError, match="import the NUTS registry"):
        generate_synthetic_registry(seed=SEED)

import factory

from smartregions.regions.enums import CountryGroup, StrategyLevel, TaxonomyKind
from smartregions.regions.models import (
    Country,
    Priority,
    Region,
    Strategy,
    Taxonomy,
    Term,
    ThematicArea,
    ThematicPlatform,
)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "CZ"
    iso_code = factory.LazyAttribute(lambda o: {"EL": "GR", "UK": "GB"}.get(o.code, o.code))
    name = factory.LazyAttribute(lambda o: f"Country {o.code}")
    group = CountryGroup.EU


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("nuts_version", "code")

    country = factory.SubFactory(CountryFactory)
    code = factory.Sequence(lambda n: f"CZ{n % 10}{(n // 10) % 10}")
    nuts_version = 2021
    level = factory.LazyAttribute(lambda o: len(o.code) - 2)
    name_latin = factory.LazyAttribute(lambda o: f"Region {o.code}")
    name_national = factory.LazyAttribute(lambda o: o.name_latin)


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy
        django_get_or_create = ("slug",)

    slug = "nace-rev2"
    name = "NACE Rev. 2"
    kind = TaxonomyKind.ECONOMIC


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("taxonomy", "code")

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"{10 + n % 90}")
    label = factory.LazyAttribute(lambda o: f"Term {o.code}")


class ThematicPlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicPlatform
        django_get_or_create = ("slug",)

    slug = "energy"
    name = "Energy"


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Area {n}")


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    region = factory.SubFactory(RegionFactory)
    country = factory.LazyAttribute(lambda o: o.region.country)
    level = StrategyLevel.REGIONAL
    title = factory.Sequence(lambda n: f"Regional innovation strategy {n}")
    period_start = 2021
    period_end = 2027


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    strategy = factory.SubFactory(StrategyFactory)
    reference = factory.Sequence(lambda n: f"P{n}")
    title = factory.Sequence(lambda n: f"Priority {n}")
    description = "Advanced manufacturing and mechatronics"

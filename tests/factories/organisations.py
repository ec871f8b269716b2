import factory

from smartregions.organisations.enums import OrganisationType
from smartregions.organisations.models import Organisation
from tests.factories.regions import RegionFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    type = OrganisationType.SME
    region = factory.SubFactory(RegionFactory)

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "smartregions.organisations"
    label = "organisations"
    verbose_name = "Organisations"

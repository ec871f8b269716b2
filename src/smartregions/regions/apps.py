from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "smartregions.regions"
    label = "regions"
    verbose_name = "Regions and strategies"

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "smartregions.matching"
    label = "matching"
    verbose_name = "Partner finding and marketplace"

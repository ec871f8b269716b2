from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "smartregions.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships, pipeline and monitoring"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "smartregions.api"
    label = "api"
    verbose_name = "API"

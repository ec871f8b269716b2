from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "smartregions.web"
    label = "web"
    verbose_name = "Web"

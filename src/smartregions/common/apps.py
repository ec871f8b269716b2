from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "smartregions.common"
    label = "common"
    verbose_name = "Common"

from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "smartregions.calls"
    label = "calls"
    verbose_name = "Calls, applications and evaluation"

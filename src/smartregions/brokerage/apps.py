from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "smartregions.brokerage"
    label = "brokerage"
    verbose_name = "Innovation brokerage (TIBS)"

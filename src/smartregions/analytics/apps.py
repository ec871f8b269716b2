from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "smartregions.analytics"
    label = "analytics"
    verbose_name = "S3 evidence (analytics)"

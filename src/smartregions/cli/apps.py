from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "smartregions.cli"
    label = "cli"
    verbose_name = "Command line"

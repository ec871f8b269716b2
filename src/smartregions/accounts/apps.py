from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "smartregions.accounts"
    label = "accounts"
    verbose_name = "Accounts"

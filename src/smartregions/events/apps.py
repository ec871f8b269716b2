from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "smartregions.events"
    label = "events"
    verbose_name = "Events, programme, exhibition, table discussions and B2B matchmaking"

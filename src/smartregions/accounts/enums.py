"""Roles a user can hold on the platform."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A membership's role. Some roles are scoped to a region or an organisation."""

    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    FACILITATOR = "facilitator", _("Platform facilitator")
    REGION_REPRESENTATIVE = "region_representative", _("Region representative")
    ORGANISATION_MEMBER = "organisation_member", _("Organisation member")
    BROKER = "broker", _("Innovation broker")
    EXPERT = "expert", _("Expert / reviewer")
    EVENT_ORGANISER = "event_organiser", _("Event organiser")


#: Roles that must name the region they act for.
REGION_SCOPED_ROLES = frozenset({Role.REGION_REPRESENTATIVE})
#: Roles that must name the organisation they act for.
ORGANISATION_SCOPED_ROLES = frozenset({Role.ORGANISATION_MEMBER})


class ConsentPurpose(models.TextChoices):
    """What a person agreed to (GDPR Art. 6(1)(a) / 7): each purpose is recorded separately."""

    TERMS = "terms", _("Terms of use and privacy notice")
    DIRECTORY = "directory", _("Being listed in the public directory")
    NEWSLETTER = "newsletter", _("E-mail digests and news")

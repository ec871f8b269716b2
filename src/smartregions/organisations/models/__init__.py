from smartregions.organisations.models.organisation import Organisation

__all__ = ["Organisation"]

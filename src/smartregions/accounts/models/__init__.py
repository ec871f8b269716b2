from smartregions.accounts.models.consent import ConsentRecord
from smartregions.accounts.models.membership import Membership
from smartregions.accounts.models.user import User

__all__ = ["ConsentRecord", "Membership", "User"]

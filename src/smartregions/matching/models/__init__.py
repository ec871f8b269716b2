from smartregions.matching.models.interest import ExpressionOfInterest
from smartregions.matching.models.profile import CooperationProfile
from smartregions.matching.models.saved_search import SavedSearch, SavedSearchDelivery

__all__ = ["CooperationProfile", "ExpressionOfInterest", "SavedSearch", "SavedSearchDelivery"]

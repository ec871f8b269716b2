"""Serializers of the marketplace API: profiles, matches, interests, saved searches."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from smartregions.api.v1.fields import TermCodesField, TermRefSerializer, ThematicAreaSlugsField
from smartregions.matching.domain.marketplace import queries
from smartregions.matching.domain.marketplace import saved_searches as search_domain
from smartregions.matching.domain.marketplace.matching import WEIGHTS
from smartregions.matching.enums import (
    CooperationType,
    DigestFrequency,
    ProfileKind,
)
from smartregions.matching.models import CooperationProfile, ExpressionOfInterest, SavedSearch
from smartregions.organisations.models import Organisation
from smartregions.regions.enums import TaxonomyKind
from smartregions.regions.models import Country


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(source="region.code")
    country = serializers.CharField(source="region.country.code")


def _one_of(values: list[str]) -> dict[str, str]:
    # A pattern rather than an enum: drf-spectacular hoists every enum into a component named
    # after the field, and "kind" already names another choice set in this API.
    return {
        "type": "string",
        "pattern": f"^({'|'.join(values)})$",
        "description": f"One of: {', '.join(values)}.",
    }


@extend_schema_field(_one_of(ProfileKind.values))
class ProfileKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ProfileKind.choices, **kwargs)


@extend_schema_field(_one_of(CooperationType.values))
class CooperationTypeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CooperationType.choices, **kwargs)


class CooperationProfileSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    kind = ProfileKindField(read_only=True)
    cooperation_type = CooperationTypeField(read_only=True)
    nace_codes = TermRefSerializer(many=True, read_only=True)
    thematic_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    target_countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    status = serializers.SerializerMethodField(
        help_text="As users see it: a published profile past valid_until is expired."
    )

    class Meta:
        model = CooperationProfile
        fields = [
            "id",
            "organisation",
            "kind",
            "cooperation_type",
            "title",
            "summary",
            "description",
            "keywords",
            "nace_codes",
            "thematic_areas",
            "trl",
            "target_countries",
            "valid_from",
            "valid_until",
            "status",
            "published_at",
            "is_synthetic",
            "created_at",
            "updated_at",
        ]

    def get_status(self, profile: CooperationProfile) -> str:
        return queries.effective_status(profile)


class CountryCodesField(serializers.ListField):
    """A list of Eurostat country codes (``["DE", "AT"]``), resolved to countries."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=2))
        kwargs.setdefault("help_text", "Eurostat country codes, e.g. DE, EL.")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[Country]:
        codes = [code.strip().upper() for code in super().to_internal_value(data)]
        found = {c.code: c for c in Country.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise serializers.ValidationError([f"{code}: unknown country code" for code in unknown])
        return [found[code] for code in dict.fromkeys(codes)]


class ProfileWriteSerializer(serializers.Serializer):
    """A profile's fields; ``organisation`` (slug) is required when creating and ignored after."""

    organisation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.all(), required=False
    )
    kind = ProfileKindField()
    cooperation_type = CooperationTypeField()
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=500)
    description = serializers.CharField(allow_blank=True, default="")
    keywords = serializers.ListField(child=serializers.CharField(max_length=100), default=list)
    trl = serializers.IntegerField(min_value=1, max_value=9, allow_null=True, default=None)
    nace_codes = TermCodesField(kind=TaxonomyKind.ECONOMIC, default=list)
    thematic_areas = ThematicAreaSlugsField(default=list)
    target_countries = CountryCodesField(default=list)
    valid_from = serializers.DateField(required=False)
    valid_until = serializers.DateField(required=False)


class RenewSerializer(serializers.Serializer):
    valid_until = serializers.DateField()
    valid_from = serializers.DateField(required=False, help_text="Default: today.")


class SentencePairSerializer(serializers.Serializer):
    sentence_a = serializers.CharField(help_text="A sentence of the profile asked about.")
    sentence_b = serializers.CharField(help_text="Its best counterpart in the matching profile.")
    score = serializers.FloatField()


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    profile = CooperationProfileSerializer()
    score = serializers.FloatField(help_text="Total score in [0, 1]: the sum of the parts.")
    parts = serializers.DictField(
        child=serializers.FloatField(),
        help_text=f"Contribution of each component ({', '.join(WEIGHTS)}) to the score.",
    )
    components = serializers.DictField(
        child=serializers.FloatField(), help_text="Raw value of each component in [0, 1]."
    )
    shared_codes = serializers.SerializerMethodField(
        help_text="The most specific NACE codes both profiles share (exactly or by a broader code)."
    )
    shared_areas = serializers.ListField(child=serializers.CharField())
    sentences = SentencePairSerializer(many=True)

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_shared_codes(self, match: Any) -> list[dict[str, str]]:
        return [{"code": code, "label": label} for code, label in match.shared_codes]


class InterestCreateSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        help_text="Slug of the sending organisation; optional if you belong to just one other.",
    )
    message = serializers.CharField(max_length=4000)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    organisation = serializers.CharField()
    website = serializers.CharField()


class ProfileRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = serializers.CharField(help_text="Slug of the owner organisation.")


class InterestSerializer(serializers.ModelSerializer):
    profile = serializers.SerializerMethodField()
    organisation = OrganisationRefSerializer(read_only=True)
    owner_contact = serializers.SerializerMethodField(
        help_text="The profile owner's contact, only once accepted and only for the sender."
    )

    class Meta:
        model = ExpressionOfInterest
        fields = [
            "id",
            "profile",
            "organisation",
            "message",
            "status",
            "response",
            "responded_at",
            "created_at",
            "owner_contact",
        ]

    @extend_schema_field(ProfileRefSerializer)
    def get_profile(self, interest: ExpressionOfInterest) -> dict:
        profile = interest.profile
        return {"id": profile.pk, "title": profile.title, "organisation": profile.organisation.slug}

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_owner_contact(self, interest: ExpressionOfInterest) -> dict | None:
        user = self.context["request"].user
        if not user.has_perm("matching.withdraw_interest", interest):
            return None  # only the sending side learns the owner's contact
        contact = queries.owner_contact(interest)
        return ContactSerializer(contact).data if contact else None


class AnswerSerializer(serializers.Serializer):
    response = serializers.CharField(allow_blank=True, default="", max_length=4000)


class SavedSearchFiltersSerializer(serializers.Serializer):
    """The criteria of a saved search (the marketplace search's filters)."""

    kinds = serializers.ListField(child=ProfileKindField(), required=False)
    cooperation_types = serializers.ListField(child=CooperationTypeField(), required=False)
    nace = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    thematic_areas = serializers.ListField(child=serializers.SlugField(), required=False)
    countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    trl_min = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)
    trl_max = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)


class SavedSearchSerializer(serializers.ModelSerializer):
    filters = SavedSearchFiltersSerializer(required=False)

    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "name",
            "query",
            "filters",
            "frequency",
            "is_active",
            "last_sent_at",
            "created_at",
        ]
        read_only_fields = ["last_sent_at", "created_at"]
        extra_kwargs = {"frequency": {"default": DigestFrequency.WEEKLY}}

    def to_representation(self, instance: SavedSearch) -> dict:
        data = super().to_representation(instance)
        criteria = search_domain.criteria_of(instance)
        data["filters"] = {
            "kinds": list(criteria.kinds),
            "cooperation_types": list(criteria.cooperation_types),
            "nace": list(criteria.nace),
            "thematic_areas": list(criteria.thematic_areas),
            "countries": list(criteria.countries),
            "trl_min": criteria.trl_min,
            "trl_max": criteria.trl_max,
        }
        return data


def criteria_from(data: dict[str, Any], fallback: SavedSearch | None = None) -> Any:
    """Marketplace criteria from validated ``query``/``filters``, defaulting to ``fallback``'s."""
    if fallback is not None and "query" not in data and "filters" not in data:
        return None
    query = data.get("query", fallback.query if fallback else "")
    filters = data.get("filters", fallback.filters if fallback else {})
    return queries.MarketplaceSearch.from_saved(
        query=query, filters={k: v for k, v in filters.items() if v is not None}
    )

"""The call workflow: create (with the type's presets), edit, publish and close a call.

Transitions (each a domain function; the surfaces check who may call it with
:mod:`smartregions.calls.rules.calls`)::

    draft --publish--> published --close--> closed

While a call is a draft, everything may change: texts, timetable, eligibility rules, form
fields, criteria and cut-offs (:mod:`smartregions.calls.domain.call_setup`). Once published,
only its texts (title, summary, description) may change, so applicants never see the rules
move under them; a closed call is frozen.

Publishing needs (see :func:`check_publishable`): a deadline still in the future; for a
two-stage call a later full-application deadline; for a rolling call cut-offs, the last of
them at the final closing; at least one form field and one evaluation criterion for each
stage. Closing is done by staff at any time or by ``smartregions close_calls`` once the last
deadline has passed; applications still in draft can no longer be submitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregions.calls.domain import notifications_applications as notifications
from smartregions.calls.domain.attachments import SUPPORTED_EXTENSIONS
from smartregions.calls.domain.times import check_timezone
from smartregions.calls.enums import CallStatus, CallType, ConflictRule, Stage
from smartregions.calls.models import Call
from smartregions.common.domain.activity import log_activity
from smartregions.regions.enums import RegionCategory
from smartregions.regions.models import ThematicArea

#: Eligibility defaults per call type, applied when :func:`create_call` is not told otherwise.
CALL_TYPE_PRESETS: dict[str, dict[str, Any]] = {
    CallType.PARTNERSHIP_EOI: {
        "min_regions": 3,
        "min_countries": 3,
        "requires_commitment_letters": True,
        "requires_thematic_area": True,
        "requires_industrial_transition": False,
        "is_two_stage": False,
    },
    CallType.INDUSTRIAL_TRANSITION: {
        "min_regions": 1,
        "min_countries": 1,
        "requires_commitment_letters": True,
        "requires_thematic_area": False,
        "requires_industrial_transition": True,
        "is_two_stage": False,
    },
    CallType.INVESTMENT_PROJECTS: {
        "min_regions": 3,
        "min_countries": 3,
        "requires_commitment_letters": True,
        "requires_thematic_area": False,
        "requires_industrial_transition": False,
        "is_two_stage": True,
    },
}

#: Fields that stay editable while the call is published.
TEXT_FIELDS = ("title", "summary", "description")
#: Fields editable only while the call is a draft (with ``thematic_areas``).
SETUP_FIELDS = (
    "type",
    "thematic_platform",
    "timezone",
    "opens_at",
    "deadline",
    "is_rolling",
    "is_two_stage",
    "full_application_deadline",
    "min_regions",
    "min_countries",
    "region_categories",
    "requires_industrial_transition",
    "requires_commitment_letters",
    "requires_thematic_area",
    "attachment_extensions",
    "max_attachment_mb",
    "max_attachments",
    "reviewers_per_application",
    "is_blind_review",
    "conflict_rules",
)
EDITABLE_FIELDS = (*TEXT_FIELDS, *SETUP_FIELDS)


def lock_call(call: Call) -> Call:
    """Lock the call's row for this transaction and reload ``call`` from it (in place)."""
    call.refresh_from_db(from_queryset=Call.objects.select_for_update())
    return call


#: Slugs the call pages' addresses use for themselves.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(title: str) -> str:
    base = (slugify(title)[:70] or "call").strip("-")
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Call.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_setup(call: Call) -> None:
    """The rules every call obeys, whatever its status (the model checks the single fields)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    try:
        check_timezone(call.timezone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if call.type == CallType.INDUSTRIAL_TRANSITION and not call.requires_industrial_transition:
        add(
            "requires_industrial_transition",
            _("A call for industrial-transition regions requires an industrial-transition lead."),
        )
    if call.is_rolling and call.is_two_stage:
        add("is_rolling", _("A rolling call has a single stage; it cannot also be two-stage."))
    if not call.is_two_stage and call.full_application_deadline is not None:
        add(
            "full_application_deadline",
            _("Only a two-stage call has a full-application deadline."),
        )
    if (
        call.is_two_stage
        and call.deadline is not None
        and call.full_application_deadline is not None
        and call.full_application_deadline <= call.deadline
    ):
        add(
            "full_application_deadline",
            _("The full-application deadline must be after the first deadline."),
        )
    if call.min_countries > call.min_regions:
        add("min_countries", _("A consortium cannot span more countries than it has regions."))
    if wrong := sorted(set(call.region_categories) - set(RegionCategory.values)):
        add("region_categories", _("Unknown region categories: %s") % ", ".join(wrong))
    if wrong := sorted(set(call.attachment_extensions) - set(SUPPORTED_EXTENSIONS)):
        add(
            "attachment_extensions",
            _("Unsupported file types: %(wrong)s (supported: %(ok)s).")
            % {"wrong": ", ".join(wrong), "ok": ", ".join(SUPPORTED_EXTENSIONS)},
        )
    if not call.attachment_extensions:
        add("attachment_extensions", _("Allow at least one file type."))
    if wrong := sorted(set(call.conflict_rules) - set(ConflictRule.values)):
        add("conflict_rules", _("Unknown conflict rules: %s") % ", ".join(wrong))
    if call.pk is not None:
        _check_stage_setup(call, add)
    if errors:
        raise ValidationError(errors)


def _check_stage_setup(call: Call, add: Any) -> None:
    if not call.is_two_stage:
        if call.fields.filter(stage=Stage.FULL_APPLICATION).exists():
            add("is_two_stage", _("Remove the full-application form fields first."))
        if call.criteria.filter(stage=Stage.FULL_APPLICATION).exists():
            add("is_two_stage", _("Remove the full-application criteria first."))
    if not call.is_rolling and call.cutoffs.exists():
        add("is_rolling", _("Remove the cut-offs first: only a rolling call has them."))


def _clean_lists(values: dict[str, Any]) -> None:
    for key in ("region_categories", "attachment_extensions", "conflict_rules"):
        if key in values and values[key] is not None:
            values[key] = list(dict.fromkeys(str(v).strip().lower() for v in values[key] if v))
    for key in TEXT_FIELDS:
        if isinstance(values.get(key), str):
            values[key] = values[key].strip()
    if isinstance(values.get("timezone"), str):
        values["timezone"] = values["timezone"].strip()


@transaction.atomic
def create_call(
    *,
    actor: Any,
    title: str,
    type: str,
    opens_at: Any,
    slug: str = "",
    thematic_areas: Sequence[ThematicArea] = (),
    is_synthetic: bool = False,
    **setup: Any,
) -> Call:
    """Create a draft call of ``type`` with that type's eligibility presets.

    ``setup`` may set any of :data:`EDITABLE_FIELDS`; rules it leaves out take the values of
    :data:`CALL_TYPE_PRESETS` (e.g. an expression of interest for a partnership asks for 3
    regions from 3 countries, commitment letters and a thematic area), then the model defaults.
    The slug is derived from the title unless given. Records ``call.create``.
    """
    if type not in CallType.values:
        raise ValidationError({"type": _("Choose the type of call.")})
    unknown = set(setup) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not a call setting: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    values = {**CALL_TYPE_PRESETS[type], **{k: v for k, v in setup.items() if v is not None}}
    _clean_lists(values)
    slug = slug.strip()
    if slug in RESERVED_SLUGS or (slug and Call.objects.filter(slug=slug).exists()):
        raise ValidationError({"slug": _("The address “%s” is taken.") % slug})
    call = Call(
        title=title.strip(),
        type=type,
        opens_at=opens_at,
        slug=slug or _unique_slug(title),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_synthetic=is_synthetic,
        **values,
    )
    _check_setup(call)
    call.full_clean()
    call.save()
    call.thematic_areas.set(thematic_areas)
    log_activity(actor=actor, action="call.create", obj=call, data={"type": type})
    return call


@transaction.atomic
def update_call(
    *,
    actor: Any,
    call: Call,
    thematic_areas: Sequence[ThematicArea] | None = None,
    **changes: Any,
) -> Call:
    """Change a call: anything of :data:`EDITABLE_FIELDS` while it is a draft, only
    :data:`TEXT_FIELDS` once published; a closed call cannot change. Records ``call.update``
    with the changed fields."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        msg = f"not a call setting: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    lock_call(call)
    _clean_lists(changes)
    changed = sorted(k for k, v in changes.items() if getattr(call, k) != v)
    areas_change = thematic_areas is not None and {a.pk for a in thematic_areas} != set(
        call.thematic_areas.values_list("pk", flat=True)
    )
    if call.status == CallStatus.CLOSED and (changed or areas_change):
        raise ValidationError({"status": _("A closed call cannot be changed.")})
    frozen = [k for k in changed if k not in TEXT_FIELDS] + (
        ["thematic_areas"] if areas_change else []
    )
    if call.status == CallStatus.PUBLISHED and frozen:
        raise ValidationError(
            {
                key: _("The call is published: only its title, summary and description may change.")
                for key in frozen
            }
        )
    for key in changed:
        setattr(call, key, changes[key])
    _check_setup(call)
    call.full_clean()
    call.save()
    if areas_change:
        call.thematic_areas.set(thematic_areas)
        changed.append("thematic_areas")
    log_activity(actor=actor, action="call.update", obj=call, data={"changed": changed})
    return call


def check_publishable(call: Call, *, now: Any = None) -> None:
    """Raise a ``ValidationError`` listing everything that keeps ``call`` from being published."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if call.deadline is None:
        add("deadline", _("Set the deadline."))
    elif call.deadline <= now:
        add("deadline", _("The deadline has already passed."))
    if call.is_two_stage and call.full_application_deadline is None:
        add("full_application_deadline", _("Set the full-application deadline."))
    stages = [Stage.EXPRESSION_OF_INTEREST] + (
        [Stage.FULL_APPLICATION] if call.is_two_stage else []
    )
    field_stages = set(call.fields.values_list("stage", flat=True))
    criterion_stages = set(call.criteria.values_list("stage", flat=True))
    for stage in stages:
        label = Stage(stage).label.lower()
        if stage not in field_stages:
            add("fields", _("Add at least one form field for the %s.") % label)
        if stage not in criterion_stages:
            add("criteria", _("Add at least one evaluation criterion for the %s.") % label)
    if call.is_rolling:
        cutoffs = list(call.cutoffs.values_list("at", flat=True))
        if not cutoffs:
            add("cutoffs", _("A rolling call needs cut-offs."))
        elif call.deadline is not None and max(cutoffs) != call.deadline:
            add("cutoffs", _("The last cut-off must be the final closing (the deadline)."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publish_call(*, actor: Any, call: Call) -> Call:
    """Publish a draft call: visible to everyone, open to applications from ``opens_at``.

    Checks :func:`check_publishable`; sets ``published_at``; notifies the other platform staff.
    Records ``call.publish``.
    """
    lock_call(call)
    if call.status != CallStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft call can be published.")})
    _check_setup(call)
    check_publishable(call)
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at", "updated_at"])
    log_activity(actor=actor, action="call.publish", obj=call)
    notifications.notify_call_published(call, actor=actor)
    return call


@transaction.atomic
def close_call(*, actor: Any, call: Call) -> Call:
    """Close a published call: it takes no more submissions (evaluation goes on).

    Locks the call's row, which every submission also locks first
    (:func:`~smartregions.calls.domain.guards.lock_call_and_application`): a submission in
    progress finishes before the call closes, and one that comes after sees it closed.
    Applicants whose application is still a draft are told it can no longer be submitted.
    ``actor`` is ``None`` when ``close_calls`` closes it after the deadline. Records
    ``call.close``.
    """
    lock_call(call)
    if call.status != CallStatus.PUBLISHED:
        raise ValidationError({"status": _("Only a published call can be closed.")})
    call.status = CallStatus.CLOSED
    call.closed_at = timezone.now()
    call.save(update_fields=["status", "closed_at", "updated_at"])
    log_activity(actor=actor, action="call.close", obj=call)
    notifications.notify_call_closed(call, actor=actor)
    return call


@transaction.atomic
def delete_call(*, actor: Any, call: Call) -> None:
    """Delete a draft call with its fields, criteria and cut-offs (a draft never took an
    application; a published call is closed instead). Records ``call.delete``."""
    lock_call(call)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(
            {"status": _("Only a draft call can be deleted; close a published call instead.")}
        )
    log_activity(actor=actor, action="call.delete", obj=call, data={"slug": call.slug})
    call.delete()

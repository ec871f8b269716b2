"""A draft call's setup: its application form fields, evaluation criteria and cut-offs.

All of it may change only while the call is a draft (the functions lock the call and check):
applicants answer the fields and experts score the criteria of a published call, so neither
may move under them. Fields and criteria of the full-application stage exist only in two-stage
calls, cut-offs only in rolling calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartregions.calls.domain.calls import lock_call
from smartregions.calls.enums import CallStatus, FieldType, Stage
from smartregions.calls.models import Call, CallCutoff, CallField, Criterion
from smartregions.common.domain.activity import log_activity

#: Field types whose answers are picked from ``choices``.
CHOICE_TYPES = (FieldType.CHOICE, FieldType.MULTIPLE_CHOICE)
#: Field types that may cap the answer's length.
TEXT_TYPES = (FieldType.TEXT, FieldType.TEXTAREA)


def _check_draft(call: Call) -> None:
    lock_call(call)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(
            {
                "status": _("The call is %s: its form, criteria and cut-offs are fixed.")
                % call.get_status_display().lower()
            }
        )


def _check_stage(call: Call, stage: int) -> None:
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    if stage == Stage.FULL_APPLICATION and not call.is_two_stage:
        raise ValidationError({"stage": _("Only a two-stage call has a full-application stage.")})


def _next_position(items: Any, stage: int) -> int:
    top = items.filter(stage=stage).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def _clean_choices(type_: str, choices: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(" ".join(str(c).split()) for c in choices if str(c).strip()))
    if type_ in CHOICE_TYPES:
        if len(cleaned) < 2:
            raise ValidationError({"choices": _("Give at least two different choices.")})
        return cleaned
    if cleaned:
        raise ValidationError({"choices": _("Only choice fields have choices.")})
    return []


def _check_field(field: CallField) -> None:
    field.choices = _clean_choices(field.type, field.choices)
    if field.max_length is not None and field.type not in TEXT_TYPES:
        raise ValidationError({"max_length": _("Only text fields have a maximum length.")})
    if field.max_length == 0:
        raise ValidationError({"max_length": _("The maximum length must be at least 1.")})
    field.label = field.label.strip()
    field.help_text = field.help_text.strip()
    field.full_clean()


@transaction.atomic
def add_call_field(
    *,
    actor: Any,
    call: Call,
    label: str,
    type: str,
    key: str = "",
    help_text: str = "",
    choices: Sequence[str] = (),
    is_required: bool = True,
    max_length: int | None = None,
    stage: int = Stage.EXPRESSION_OF_INTEREST,
) -> CallField:
    """Add a question to a draft call's application form, after the stage's other fields.

    ``key`` (the answer's name in ``Application.answers`` and the API) is derived from the
    label unless given, and must be unique in the call. Choice fields need two or more
    choices; only text fields may cap the length. Records ``call.field_add``.
    """
    _check_draft(call)
    _check_stage(call, stage)
    key = (key.strip() or slugify(label).replace("-", "_"))[:50] or "field"
    if call.fields.filter(key=key).exists():
        raise ValidationError({"key": _("The call already has a field “%s”.") % key})
    field = CallField(
        call=call,
        key=key,
        label=label,
        type=type,
        help_text=help_text,
        choices=list(choices),
        is_required=is_required,
        max_length=max_length,
        stage=stage,
        position=_next_position(call.fields, stage),
    )
    _check_field(field)
    field.save()
    log_activity(actor=actor, action="call.field_add", obj=call, data={"key": key})
    return field


#: What :func:`update_call_field` may change (the key stays: answers are stored under it).
FIELD_EDITABLE = ("label", "help_text", "type", "choices", "is_required", "max_length")


@transaction.atomic
def update_call_field(*, actor: Any, field: CallField, **changes: Any) -> CallField:
    """Change a field of a draft call (not its key or stage). Records ``call.field_update``."""
    unknown = set(changes) - set(FIELD_EDITABLE)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    _check_draft(field.call)
    field.refresh_from_db()
    changed = sorted(k for k, v in changes.items() if getattr(field, k) != v)
    for key in changed:
        setattr(field, key, changes[key])
    _check_field(field)
    field.save()
    log_activity(
        actor=actor,
        action="call.field_update",
        obj=field.call,
        data={"key": field.key, "changed": changed},
    )
    return field


@transaction.atomic
def remove_call_field(*, actor: Any, field: CallField) -> None:
    """Remove a field from a draft call's form. Records ``call.field_remove``."""
    _check_draft(field.call)
    key = field.key
    field.delete()
    log_activity(actor=actor, action="call.field_remove", obj=field.call, data={"key": key})


def _reorder(items: Sequence[Any], ordered_ids: Sequence[int], message: str) -> list[int]:
    by_id = {item.pk: item for item in items}
    if sorted(ordered_ids) != sorted(by_id):
        raise ValidationError({"ids": message})
    for position, pk in enumerate(ordered_ids):
        by_id[pk].position = position
    type(items[0]).objects.bulk_update(list(by_id.values()), ["position"])
    return list(ordered_ids)


@transaction.atomic
def reorder_call_fields(*, actor: Any, call: Call, stage: int, ids: Sequence[int]) -> None:
    """Put the fields of one stage of a draft call in the order of ``ids`` (all of them, once).

    Records ``call.fields_reorder``.
    """
    _check_draft(call)
    fields = list(call.fields.filter(stage=stage))
    if not fields:
        raise ValidationError({"stage": _("This stage has no fields.")})
    order = _reorder(fields, ids, _("List every field of the stage exactly once."))
    log_activity(
        actor=actor, action="call.fields_reorder", obj=call, data={"stage": stage, "ids": order}
    )


def _check_criterion(criterion: Criterion) -> None:
    criterion.name = criterion.name.strip()
    criterion.description = criterion.description.strip()
    if criterion.weight is not None and Decimal(str(criterion.weight)) <= 0:
        raise ValidationError({"weight": _("The weight must be more than 0.")})
    if criterion.threshold is not None and criterion.threshold > criterion.max_score:
        raise ValidationError({"threshold": _("The threshold cannot exceed the maximum score.")})
    criterion.full_clean()


@transaction.atomic
def add_criterion(
    *,
    actor: Any,
    call: Call,
    name: str,
    description: str = "",
    weight: Decimal | int = 1,
    max_score: int = 5,
    threshold: int | None = None,
    stage: int = Stage.EXPRESSION_OF_INTEREST,
) -> Criterion:
    """Add a weighted evaluation criterion (scored 0 to ``max_score``) to a draft call.

    ``threshold`` is the minimum score to pass. Names are unique per stage. Records
    ``call.criterion_add``.
    """
    _check_draft(call)
    _check_stage(call, stage)
    if call.criteria.filter(stage=stage, name=name.strip()).exists():
        raise ValidationError({"name": _("The stage already has a criterion “%s”.") % name})
    criterion = Criterion(
        call=call,
        name=name,
        description=description,
        weight=weight,
        max_score=max_score,
        threshold=threshold,
        stage=stage,
        position=_next_position(call.criteria, stage),
    )
    _check_criterion(criterion)
    criterion.save()
    log_activity(actor=actor, action="call.criterion_add", obj=call, data={"name": criterion.name})
    return criterion


CRITERION_EDITABLE = ("name", "description", "weight", "max_score", "threshold")


@transaction.atomic
def update_criterion(*, actor: Any, criterion: Criterion, **changes: Any) -> Criterion:
    """Change a criterion of a draft call. Records ``call.criterion_update``."""
    unknown = set(changes) - set(CRITERION_EDITABLE)
    if unknown:
        msg = f"not editable: {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    _check_draft(criterion.call)
    criterion.refresh_from_db()
    changed = sorted(k for k, v in changes.items() if getattr(criterion, k) != v)
    for key in changed:
        setattr(criterion, key, changes[key])
    _check_criterion(criterion)
    if (
        "name" in changed
        and criterion.call.criteria.filter(stage=criterion.stage, name=criterion.name)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise ValidationError(
            {"name": _("The stage already has a criterion “%s”.") % criterion.name}
        )
    criterion.save()
    log_activity(
        actor=actor,
        action="call.criterion_update",
        obj=criterion.call,
        data={"criterion_id": criterion.pk, "changed": changed},
    )
    return criterion


@transaction.atomic
def remove_criterion(*, actor: Any, criterion: Criterion) -> None:
    """Remove a criterion from a draft call. Records ``call.criterion_remove``."""
    _check_draft(criterion.call)
    name = criterion.name
    criterion.delete()
    log_activity(
        actor=actor, action="call.criterion_remove", obj=criterion.call, data={"name": name}
    )


@transaction.atomic
def reorder_criteria(*, actor: Any, call: Call, stage: int, ids: Sequence[int]) -> None:
    """Put the criteria of one stage of a draft call in the order of ``ids``.

    Records ``call.criteria_reorder``.
    """
    _check_draft(call)
    criteria = list(call.criteria.filter(stage=stage))
    if not criteria:
        raise ValidationError({"stage": _("This stage has no criteria.")})
    order = _reorder(criteria, ids, _("List every criterion of the stage exactly once."))
    log_activity(
        actor=actor, action="call.criteria_reorder", obj=call, data={"stage": stage, "ids": order}
    )


@transaction.atomic
def add_cutoff(*, actor: Any, call: Call, at: dt.datetime) -> CallCutoff:
    """Add a cut-off to a draft rolling call: submissions up to it are evaluated together.

    It must fall after the opening and no later than the final closing (the deadline), and
    differ from the call's other cut-offs. Records ``call.cutoff_add``.
    """
    _check_draft(call)
    if not call.is_rolling:
        raise ValidationError({"at": _("Only a rolling call has cut-offs.")})
    if at <= call.opens_at:
        raise ValidationError({"at": _("A cut-off must be after the opening.")})
    if call.deadline is not None and at > call.deadline:
        raise ValidationError({"at": _("A cut-off cannot be after the final closing.")})
    if call.cutoffs.filter(at=at).exists():
        raise ValidationError({"at": _("The call already has this cut-off.")})
    cutoff = CallCutoff.objects.create(call=call, at=at)
    log_activity(actor=actor, action="call.cutoff_add", obj=call, data={"at": at.isoformat()})
    return cutoff


@transaction.atomic
def remove_cutoff(*, actor: Any, cutoff: CallCutoff) -> None:
    """Remove a cut-off of a draft rolling call. Records ``call.cutoff_remove``."""
    _check_draft(cutoff.call)
    at = cutoff.at
    cutoff.delete()
    log_activity(
        actor=actor, action="call.cutoff_remove", obj=cutoff.call, data={"at": at.isoformat()}
    )

"""One error format for every API failure.

Every error response body is ``{"error": {"status": int, "code": str, "message": str,
"details": ...}}``; ``details`` carries field errors (``{"field": ["reason", ...]}``) or, for
rejected imports, the list of problems with file, row, field and message.

Database uniqueness conflicts become 409. Any other unexpected exception is logged and answered
with a 500 in the same format, except with ``DEBUG`` on, where Django's debug page helps more.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from smartregions.common.errors import ImportRejected

logger = logging.getLogger(__name__)


def error_body(*, status_code: int, code: str, message: str, details: Any = None) -> dict:
    """The common error body: ``{"error": {"status", "code", "message", "details"}}``."""
    return {"error": {"status": status_code, "code": code, "message": message, "details": details}}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Translate domain and DRF exceptions into the single error format."""
    if isinstance(exc, ImportRejected):
        body = error_body(
            status_code=400,
            code="import_rejected",
            message=f"{len(exc.problems)} problem(s); nothing was imported.",
            details=[problem.as_dict() for problem in exc.problems],
        )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        body = error_body(
            status_code=409,
            code="conflict",
            message="The change conflicts with existing data (for example a duplicate title or "
            "reference); nothing was saved.",
        )
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None
        logger.error("unexpected error in the API", exc_info=exc)
        body = error_body(
            status_code=500, code="server_error", message="Something went wrong on our side."
        )
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        message = "The request has invalid fields."
        details = response.data
    else:
        message = str(exc.detail)
        details = None
    code = exc.get_codes() if not isinstance(exc, exceptions.ValidationError) else "invalid"
    response.data = error_body(
        status_code=response.status_code,
        code=code if isinstance(code, str) else "error",
        message=message,
        details=details,
    )
    return response

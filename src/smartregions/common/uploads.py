"""An upload handler that refuses request bodies above the platform's upload limit early.

Per-form limits (a call's attachment size, an import file's size) give friendly messages, but
they run after Django has spooled the whole body to a temporary file. This handler, first in
``FILE_UPLOAD_HANDLERS``, stops a multi-gigabyte body while it streams in, so it cannot fill the
temporary disk: the request is answered 400 (Django's "request data too big").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class SizeLimitUploadHandler(FileUploadHandler):
    """Abort any multipart body larger than ``settings.SMARTREGIONS_MAX_UPLOAD_BYTES``."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,  # noqa: N803 - Django's parameter name
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        if content_length and content_length > settings.SMARTREGIONS_MAX_UPLOAD_BYTES:
            raise RequestDataTooBig("The upload is larger than the platform allows.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # Chunked bodies carry no Content-Length: count what actually arrives.
        self.received += len(raw_data)
        if self.received > settings.SMARTREGIONS_MAX_UPLOAD_BYTES:
            raise RequestDataTooBig("The upload is larger than the platform allows.")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

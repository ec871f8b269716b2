"""Attachments of applications: type, size and count limits, content sniffing, safe storage.

A file is accepted only if its extension is one the call allows *and* its first bytes are what
that extension promises (``%PDF-`` for PDF, the PNG and JPEG signatures, and for Office Open
XML and OpenDocument files a ZIP archive with the parts such a document has), so a renamed
executable or HTML page is refused. The stored name is random (``attachment_path``); the
user's file name is kept only as data, and files are served through a permission-checked view
as downloads. The per-call size limit applies to every file; the count limit to the annexes
the applicants upload (co-applicants' commitment letters are one per co-applicant and do not
use up the applicants' slots).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from smartregions.calls.domain.guards import check_editable, lock_application
from smartregions.calls.domain.queries.applications import submitted_record
from smartregions.calls.enums import AttachmentKind
from smartregions.calls.models import Application, Attachment, CoApplicant
from smartregions.common.domain.activity import log_activity

MB = 1024 * 1024


def _has_parts(*names: str) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        try:
            with zipfile.ZipFile(stream) as archive:
                present = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return all(any(n == name or n.startswith(name) for n in present) for name in names)

    return check


def _odf(mimetype: str) -> Callable[[IO[bytes]], bool]:
    def check(stream: IO[bytes]) -> bool:
        try:
            with zipfile.ZipFile(stream) as archive:
                info = archive.getinfo("mimetype")
                if info.file_size > 200:
                    return False
                return archive.read(info).decode("ascii", "replace").strip() == mimetype
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False

    return check


#: extension -> (content type, leading bytes, deeper check of the content or None).
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...], Callable[[IO[bytes]], bool] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",), None),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",), None),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",), None),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
        _has_parts("[Content_Types].xml", "word/"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
        _has_parts("[Content_Types].xml", "xl/"),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (b"PK\x03\x04",),
        _has_parts("[Content_Types].xml", "ppt/"),
    ),
    "odt": (
        "application/vnd.oasis.opendocument.text",
        (b"PK\x03\x04",),
        _odf("application/vnd.oasis.opendocument.text"),
    ),
    "ods": (
        "application/vnd.oasis.opendocument.spreadsheet",
        (b"PK\x03\x04",),
        _odf("application/vnd.oasis.opendocument.spreadsheet"),
    ),
}
SUPPORTED_EXTENSIONS = tuple(FILE_TYPES)
#: Spellings that mean a supported extension.
ALIASES = {"jpeg": "jpg"}


def extension_of(name: str) -> str:
    """The lower-case extension of ``name`` without the dot, aliases resolved (``jpeg`` -> jpg)."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    return ALIASES.get(suffix, suffix)


def safe_name(name: str) -> str:
    """The file name without any directory part or control characters, at most 200 characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|').strip()
    if len(cleaned) > 200:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = f"{stem[: 190 - len(ext)]}{dot}{ext}" if dot else cleaned[:200]
    return cleaned or "file"


def check_file(file: UploadedFile, *, allowed: list[str], max_mb: int) -> tuple[str, str]:
    """Check ``file`` against a call's limits; return its safe name and content type.

    Refuses (``ValidationError`` on ``file``) an empty or too big file, an extension the call
    does not allow, and content that does not match the extension.
    """
    name = safe_name(file.name or "")
    extension = extension_of(name)
    allowed = [ALIASES.get(e, e) for e in allowed]
    if extension not in allowed or extension not in FILE_TYPES:
        raise ValidationError(
            {
                "file": _("%(name)s: this call accepts only %(types)s files.")
                % {"name": name, "types": ", ".join(e.upper() for e in allowed)}
            }
        )
    if not file.size:
        raise ValidationError({"file": _("%s is empty.") % name})
    if file.size > max_mb * MB:
        raise ValidationError(
            {
                "file": _("%(name)s is %(size).1f MB; the limit is %(max)d MB.")
                % {"name": name, "size": file.size / MB, "max": max_mb}
            }
        )
    content_type, signatures, deeper = FILE_TYPES[extension]
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    ok = any(head.startswith(signature) for signature in signatures)
    if ok and deeper is not None:
        ok = deeper(file)
        file.seek(0)
    if not ok:
        raise ValidationError(
            {
                "file": _("%(name)s is not a real %(type)s file (its content says otherwise).")
                % {"name": name, "type": extension.upper()}
            }
        )
    return name, content_type


def _sha256(file: UploadedFile) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def annex_count(application: Application) -> int:
    """How many attachments count against the call's limit (all but co-applicants' letters)."""
    letters = CoApplicant.objects.filter(
        application=application, commitment_letter__isnull=False
    ).values("commitment_letter_id")
    return application.attachments.exclude(pk__in=letters).count()


def store_attachment(
    *, actor: Any, application: Application, kind: str, file: UploadedFile
) -> Attachment:
    """Check ``file`` against the call's limits and store it (in the caller's transaction).

    Used by :func:`upload_attachment` and by co-applicants confirming with a letter; the
    caller has locked the application and checked its state, and wraps the rest of its work in
    :func:`file_removed_on_failure`.
    """
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is.")})
    call = application.call
    name, content_type = check_file(
        file, allowed=list(call.attachment_extensions), max_mb=call.max_attachment_mb
    )
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=file.size,
        sha256=_sha256(file),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # Stored last, after every check: the random name comes from the model's ``upload_to``.
    attachment.file.save(name, file, save=False)
    with file_removed_on_failure(attachment):
        attachment.save()
    return attachment


@contextmanager
def file_removed_on_failure(attachment: Attachment | None) -> Iterator[None]:
    """Delete ``attachment``'s stored file if the block raises, then re-raise (nothing to do
    for ``None``: no file was stored).

    Why: the file is written to the storage at once, but its row only exists if the
    transaction commits; a step failing after the upload rolls the row back and would leave
    the file behind, unreferenced. Callers wrap everything their transaction still does after
    :func:`store_attachment` (the row, the activity log, the co-applicant's confirmation).
    """
    try:
        yield
    except BaseException:
        if attachment is not None:
            attachment.file.storage.delete(attachment.file.name)
        raise


def delete_file_later(attachment: Attachment) -> None:
    """Delete the stored file of ``attachment`` once the transaction that removed it commits."""
    storage, name = attachment.file.storage, attachment.file.name
    if name:
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def upload_attachment(
    *, actor: Any, application: Application, kind: str, file: UploadedFile
) -> Attachment:
    """Add an annex to a draft application within the call's type, size and count limits.

    Records ``application.attachment_upload``.
    """
    lock_application(application)
    check_editable(application)
    if annex_count(application) >= application.call.max_attachments:
        raise ValidationError(
            {
                "file": _("The call allows at most %d attachments; remove one first.")
                % application.call.max_attachments
            }
        )
    attachment = store_attachment(actor=actor, application=application, kind=kind, file=file)
    with file_removed_on_failure(attachment):
        log_activity(
            actor=actor,
            action="application.attachment_upload",
            obj=application,
            data={"attachment": attachment.pk, "kind": kind, "sha256": attachment.sha256},
        )
    return attachment


@transaction.atomic
def delete_attachment(*, actor: Any, attachment: Attachment) -> None:
    """Remove an annex from a draft application (a co-applicant's letter goes with its
    co-applicant). Records ``application.attachment_delete``.

    A file that was part of an earlier submission (a stage-1 annex of an application now
    drafting its full application) is evidence of that submission and is never deleted.
    """
    application = lock_application(attachment.application)
    check_editable(application)
    if attachment.pk in submitted_record(application).attachment_ids:
        raise ValidationError(
            {
                "file": _(
                    "%s was part of an earlier submission of this application; it is kept as "
                    "its record and cannot be removed."
                )
                % attachment.original_name
            }
        )
    if CoApplicant.objects.filter(commitment_letter=attachment).exists():
        raise ValidationError(
            {"file": _("This is a co-applicant's commitment letter; remove the co-applicant.")}
        )
    delete_file_later(attachment)
    data = {"attachment": attachment.pk, "name": attachment.original_name}
    attachment.delete()
    log_activity(actor=actor, action="application.attachment_delete", obj=application, data=data)


def download_response(attachment: Attachment, *, filename: str | None = None) -> FileResponse:
    """The one way an attachment's bytes leave the storage (web page and API alike).

    Always a download (``Content-Disposition: attachment`` with the original name, or
    ``filename``: the neutral name an expert sees under blind review), with the
    content type checked at upload, ``nosniff`` and a sandboxing CSP, so a file can never run
    as a page of the site; never cached by shared caches. 404 if the file is missing on disk.
    The caller has checked that the user may read the application.
    """
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename or attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response

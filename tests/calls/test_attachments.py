"""Attachments: type by extension and content, size and count limits, storage, downloads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from smartregions.calls.domain import attachments as attachments_module
from smartregions.calls.domain import co_applicants as co_applicants_module
from smartregions.calls.domain.applications import submit_application
from smartregions.calls.domain.attachments import (
    delete_attachment,
    safe_name,
    upload_attachment,
)
from smartregions.calls.domain.co_applicants import confirm_co_applicant, invite_co_applicant
from smartregions.calls.models import Attachment, Call
from tests.calls.conftest import PDF, PNG, docx_bytes, pdf_file

pytestmark = pytest.mark.django_db


def _upload(cw, application, name, content, kind="budget"):
    return upload_attachment(
        actor=cw.rep_cz,
        application=application,
        kind=kind,
        file=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    )


def _odt_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("budget.pdf", PDF, "application/pdf"),
        ("Photo.JPEG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("map.png", PNG, "image/png"),
        (
            "plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("plan.odt", _odt_bytes(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_real_files_are_accepted_and_stored_under_a_random_name(
    cw, draft, name, content, content_type
):
    attachment = _upload(cw, draft, name, content)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        name,
        content_type,
        len(content),
    )
    stored = attachment.file.name
    assert stored.startswith(f"calls/applications/{draft.pk}/")
    assert name.split(".")[0] not in stored
    assert len(attachment.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "tool.exe: this call accepts only PDF, DOCX, XLSX"),
        ("page.html", b"<html>", "page.html: this call accepts only"),
        ("invoice.pdf", b"MZ\x90\x00 not a pdf", "invoice.pdf is not a real PDF file"),
        ("photo.png", b"\xff\xd8\xff\xe0jpeg", "photo.png is not a real PNG file"),
        ("report.docx", b"PK\x03\x04 broken zip", "report.docx is not a real DOCX file"),
        ("sheet.xlsx", docx_bytes(), "sheet.xlsx is not a real XLSX file"),
        ("text.ods", _odt_bytes(), "text.ods is not a real ODS file"),
        ("empty.pdf", b"", "empty.pdf is empty."),
    ],
)
def test_bad_types_and_spoofed_extensions_are_refused(cw, draft, name, content, message):
    with pytest.raises(ValidationError) as error:
        _upload(cw, draft, name, content)
    assert error.value.message_dict["file"][0].startswith(message)
    assert not Attachment.objects.exists()


def test_extension_not_allowed_by_the_call_is_refused(cw, draft):
    Call.objects.filter(pk=draft.call_id).update(attachment_extensions=["pdf"])
    with pytest.raises(ValidationError) as error:
        _upload(cw, draft, "map.png", PNG)
    assert error.value.message_dict == {"file": ["map.png: this call accepts only PDF files."]}


def test_too_big_file_is_refused(cw, draft):
    Call.objects.filter(pk=draft.call_id).update(max_attachment_mb=1)
    content = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        _upload(cw, draft, "big.pdf", content)
    assert error.value.message_dict == {"file": ["big.pdf is 1.0 MB; the limit is 1 MB."]}
    _upload(cw, draft, "fits.pdf", content[: 1024 * 1024])


def test_count_limit_ignores_co_applicants_letters(cw, eligible):
    Call.objects.filter(pk=eligible.call_id).update(max_attachments=1)
    assert eligible.attachments.count() == 2  # the two commitment letters
    _upload(cw, eligible, "budget.pdf", PDF)
    with pytest.raises(ValidationError) as error:
        _upload(cw, eligible, "plan.pdf", PDF)
    assert error.value.message_dict == {
        "file": ["The call allows at most 1 attachments; remove one first."]
    }


def test_unknown_kind_is_refused(cw, draft):
    with pytest.raises(ValidationError) as error:
        _upload(cw, draft, "x.pdf", PDF, kind="selfie")
    assert error.value.message_dict == {"kind": ["Choose what kind of document this is."]}


def test_delete_removes_the_file_after_commit(cw, draft, django_capture_on_commit_callbacks):
    attachment = _upload(cw, draft, "budget.pdf", PDF)
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(actor=cw.rep_cz, attachment=attachment)
    assert not Attachment.objects.exists()
    assert not Path(path).exists()


def test_a_commitment_letter_goes_only_with_its_co_applicant(cw, eligible):
    letter = eligible.co_applicants.get(region=cw.sk01).commitment_letter
    with pytest.raises(ValidationError, match="remove the co-applicant"):
        delete_attachment(actor=cw.rep_cz, attachment=letter)


def test_no_uploads_after_submission(cw, eligible):
    submit_application(actor=cw.rep_cz, application=eligible)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        _upload(cw, eligible, "late.pdf", PDF)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        delete_attachment(actor=cw.rep_cz, attachment=eligible.attachments.first())


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\letter.pdf", "letter.pdf"),
        ('bad"name<>.pdf', "badname.pdf"),
        ("", "file"),
        ("a" * 300 + ".pdf", "a" * 187 + ".pdf"),
    ],
)
def test_safe_name_strips_paths_and_odd_characters(raw, clean):
    assert safe_name(raw) == clean


def _failing(*args, **kwargs):
    msg = "the activity log is down"
    raise RuntimeError(msg)


def test_upload_failing_after_the_file_is_stored_leaves_no_file(cw, draft, monkeypatch, settings):
    monkeypatch.setattr(attachments_module, "log_activity", _failing)

    with pytest.raises(RuntimeError, match="the activity log is down"):
        _upload(cw, draft, "budget.pdf", PDF)

    assert not Attachment.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []


def test_confirmation_failing_after_the_letter_is_stored_leaves_no_file(
    cw, draft, monkeypatch, settings
):
    co = invite_co_applicant(actor=cw.rep_cz, application=draft, region=cw.sk01)
    monkeypatch.setattr(co_applicants_module, "log_activity", _failing)

    with pytest.raises(RuntimeError, match="the activity log is down"):
        confirm_co_applicant(actor=cw.rep_sk, co_applicant=co, commitment_letter=pdf_file())

    co.refresh_from_db()
    assert (co.status, co.commitment_letter) == ("invited", None)
    assert not Attachment.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []

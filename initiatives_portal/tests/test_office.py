"""LibreOffice conversions: found through the setting, each in a private profile, bounded in time."""

import stat

import pytest
from django.test import override_settings

from initiatives_portal import office


def _program(folder, body: str) -> str:
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_the_configured_binary_is_used(tmp_path):
    binary = _program(tmp_path, "exit 0")
    with override_settings(LIBREOFFICE_BINARY=binary):
        assert office.libreoffice_binary() == binary


def test_a_configured_binary_that_does_not_exist_means_no_conversion():
    with override_settings(LIBREOFFICE_BINARY="/nonexistent/soffice"):
        assert office.libreoffice_binary() is None
        with pytest.raises(office.ConversionError):
            office.pdf_from_office(b"PK")


def test_each_conversion_gets_a_private_profile_and_its_own_folder(tmp_path):
    # Writes a PDF named after the source into --outdir, and records its arguments.
    log = tmp_path / "arguments"
    binary = _program(tmp_path, f'echo "$@" > {log}\nfor last; do :; done\n'
                                'out=$(dirname "$last")\nprintf "%%PDF-1.7 fake" > "$out/document.pdf"')
    with override_settings(LIBREOFFICE_BINARY=binary):
        assert office.pdf_from_office(b"PK\x03\x04") == b"%PDF-1.7 fake"
    arguments = log.read_text()
    assert "-env:UserInstallation=file:///" in arguments
    assert "--headless" in arguments and "--convert-to pdf" in arguments


def test_a_failed_run_raises(tmp_path):
    with override_settings(LIBREOFFICE_BINARY=_program(tmp_path, "echo broken >&2; exit 3")):
        with pytest.raises(office.ConversionError, match="broken"):
            office.pdf_from_office(b"PK")


def test_a_run_past_its_timeout_is_killed(tmp_path):
    with override_settings(LIBREOFFICE_BINARY=_program(tmp_path, "sleep 30")):
        with pytest.raises(office.ConversionError, match="more than"):
            office.pdf_from_office(b"PK", timeout=0.5)


def _writes_pdf(tmp_path) -> str:
    return _program(tmp_path, 'for last; do :; done\nprintf "%%PDF-1.7 fake" > "$(dirname "$last")/document.pdf"')


def test_a_conversion_waits_for_a_free_slot_and_gives_up_when_none_frees(tmp_path):
    # Each LibreOffice takes some 200 MB: a burst of downloads must not start one per worker.
    with override_settings(LIBREOFFICE_BINARY=_writes_pdf(tmp_path), LIBREOFFICE_MAX_RUNNING=1,
                           LIBREOFFICE_SLOTS_DIR=str(tmp_path / "slots")):
        with office.conversion_slot(wait=0):
            with pytest.raises(office.ConversionError, match="busy"):
                office.pdf_from_office(b"PK", wait=0.3)


def test_a_conversion_runs_once_a_slot_is_free_again(tmp_path):
    with override_settings(LIBREOFFICE_BINARY=_writes_pdf(tmp_path), LIBREOFFICE_MAX_RUNNING=1,
                           LIBREOFFICE_SLOTS_DIR=str(tmp_path / "slots")):
        with office.conversion_slot(wait=0):
            pass
        assert office.pdf_from_office(b"PK", wait=0.3) == b"%PDF-1.7 fake"


def test_as_many_conversions_run_at_once_as_there_are_slots(tmp_path):
    with override_settings(LIBREOFFICE_BINARY=_writes_pdf(tmp_path), LIBREOFFICE_MAX_RUNNING=2,
                           LIBREOFFICE_SLOTS_DIR=str(tmp_path / "slots")):
        with office.conversion_slot(wait=0):
            assert office.pdf_from_office(b"PK", wait=0) == b"%PDF-1.7 fake"

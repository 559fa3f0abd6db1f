"""Office documents turned into PDF by LibreOffice, run headless.

Each conversion runs in a temporary folder of its own with a private LibreOffice profile
(``-env:UserInstallation``): two conversions at once would otherwise share the user's
profile, and the second one would hand its work to the first and exit with nothing done.
A conversion that runs past its timeout is killed with its whole process group.

Each LibreOffice takes some 200 MB: at most ``LIBREOFFICE_MAX_RUNNING`` run at once on a
machine, whatever the number of web workers. A conversion takes one of as many slot files
(``LIBREOFFICE_SLOTS_DIR``) under an exclusive ``flock``, which the kernel releases when the
process holding it ends, even killed; one that finds no slot free within its wait gives up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess  # nosec B404  # runs LibreOffice from a fixed path, no shell
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings


class ConversionError(Exception):
    """The document could not be turned into PDF (no LibreOffice, a timeout, a failed run)."""


def libreoffice_binary() -> str | None:
    """The LibreOffice program: ``LIBREOFFICE_BINARY`` when set (a path or a name on PATH),
    else ``soffice`` or ``libreoffice`` found on PATH; None when there is none."""
    configured = settings.LIBREOFFICE_BINARY
    candidates = [configured] if configured else ["soffice", "libreoffice"]
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
    return None


_POLL_SECONDS = 0.1


def _slots_dir() -> Path:
    return Path(settings.LIBREOFFICE_SLOTS_DIR or Path(tempfile.gettempdir()) / "portal-office-slots")


@contextlib.contextmanager
def conversion_slot(*, wait: float) -> Iterator[None]:
    """Hold one of the ``LIBREOFFICE_MAX_RUNNING`` slots of this machine, waiting up to
    ``wait`` seconds for one to free. Raises ``ConversionError`` when none does."""
    folder = _slots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        for number in range(max(settings.LIBREOFFICE_MAX_RUNNING, 1)):
            handle = os.open(folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                os.close(handle)
            return
        if time.monotonic() >= deadline:
            raise ConversionError(f"LibreOffice busy: {settings.LIBREOFFICE_MAX_RUNNING} conversions running")
        time.sleep(_POLL_SECONDS)


def pdf_from_office(data: bytes, *, suffix: str = ".docx", timeout: float | None = None,
                    wait: float | None = None) -> bytes:
    """``data`` (a DOCX by default) as PDF bytes, once a slot is free (waiting up to ``wait``
    seconds, ``LIBREOFFICE_WAIT_SECONDS`` by default). Raises ``ConversionError``."""
    binary = libreoffice_binary()
    if binary is None:
        raise ConversionError("LibreOffice is not installed")
    timeout = settings.LIBREOFFICE_TIMEOUT_SECONDS if timeout is None else timeout
    wait = settings.LIBREOFFICE_WAIT_SECONDS if wait is None else wait
    with conversion_slot(wait=wait):
        return _convert(binary, data, suffix, timeout)


def _convert(binary: str, data: bytes, suffix: str, timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="portal-pdf-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(work), str(source)]
        process = subprocess.Popen(  # noqa: S603  # nosec B603  # a fixed command on a file of our own
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work, start_new_session=True,
            env={**os.environ, "HOME": folder},
        )
        try:
            _out, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(f"LibreOffice took more than {timeout} s") from None
        result = work / "document.pdf"
        if process.returncode != 0 or not result.exists():
            raise ConversionError(f"LibreOffice failed ({process.returncode}): {errors.decode(errors='replace')[-500:]}")
        return result.read_bytes()

"""Media storage that fails for real: a small tmpfs filled up or remounted read-only.

Mounting needs root (or CAP_SYS_ADMIN). Where it is not permitted the "tmpfs" case skips
and says why, and the "errno" case still runs: there the file system's sync raises the
operating system's own ENOSPC or EROFS, after the data was written to the file, so the
clean-up of half-written files is checked as well.
"""

import errno
import os
import subprocess
from pathlib import Path

import pytest

SIZE_KB = 1024
FILLER = ".filler"


class Storage:
    """A media directory that can be made full or read-only."""

    def __init__(self, path: Path, kind: str, monkeypatch) -> None:
        self.path = path
        self.kind = kind
        self._monkeypatch = monkeypatch

    def _fail_sync_with(self, code: int) -> None:
        """The errno case: every fsync of the media code raises ``code``."""

        def failing_fsync(_fd):
            raise OSError(code, os.strerror(code))

        # The directory storage (cms/core/storage.py) syncs every file it writes, the
        # readiness probe included.
        self._monkeypatch.setattr("cms.core.storage.os.fsync", failing_fsync)

    def fill(self, leave_kb: int = 0) -> None:
        """Fill the file system, leaving about ``leave_kb`` KiB free."""
        if self.kind == "errno":
            self._fail_sync_with(errno.ENOSPC)
            return
        filler = self.path / FILLER
        with filler.open("wb", buffering=0) as out:  # unbuffered: nothing left to flush
            try:
                while True:
                    out.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        if leave_kb:
            with filler.open("r+b") as out:
                out.truncate(max(0, filler.stat().st_size - leave_kb * 1024))

    def make_read_only(self) -> None:
        """Remount the file system read-only."""
        if self.kind == "errno":
            self._fail_sync_with(errno.EROFS)
            return
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)

    def files(self) -> list[Path]:
        """Every file in the storage except the filler."""
        return sorted(p for p in self.path.rglob("*") if p.is_file() and p.name != FILLER)


def mount_tmpfs(path: Path) -> str | None:
    """Mount a small tmpfs on ``path``; None when done, else why it cannot be."""
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root; this run is not root"
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE_KB}k,mode=0755", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return f"mount -t tmpfs is not permitted here: {result.stderr.strip()}"
    return None


@pytest.fixture(params=["tmpfs", "errno"])
def storage(request, tmp_path, monkeypatch):
    """A media directory on a small real file system ("tmpfs") or one whose writes fail
    with the real errno ("errno"); the app is made with MEDIA_DIR pointing at it."""
    path = tmp_path / "small-media"
    path.mkdir()
    if request.param == "tmpfs":
        why = mount_tmpfs(path)
        if why:
            pytest.skip(f"real small file system not available ({why}); the errno case runs")
    yield Storage(path, request.param, monkeypatch)
    unmounted = subprocess.run(["umount", str(path)], capture_output=True).returncode == 0
    if request.param == "tmpfs" and not unmounted:
        subprocess.run(["umount", "-l", str(path)], check=False)

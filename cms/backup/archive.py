"""The backup archive: one gzipped tar holding the database snapshot, the media and a manifest.

Layout inside the archive:

    database.sqlite3 or database.dump   the database snapshot (SQLite file or pg_dump custom format)
    media/<key>                         every file of the media storage (directory or S3)
    manifest.json                       last: what the archive holds, with sizes and SHA-256

The manifest is written last because each file is hashed while it is copied into the
archive (one read per file, and the checksum is of the bytes actually archived). Reading is
streamed, member by member, so an archive is never loaded into memory.
"""

import contextlib
import gzip
import hashlib
import io
import json
import os
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
SNAPSHOT_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
NAME_PREFIX = "portal-backup-"
NAME_SUFFIX = ".tar.gz"
PARTIAL_SUFFIX = ".partial"
CHUNK = 1024 * 1024
# Media files are mostly JPEG/PNG/WebP that gzip cannot shrink: a low level saves CPU.
COMPRESS_LEVEL = 3


class BackupError(RuntimeError):
    """A backup, verification or restore step failed; the message says which and why."""


class _HashingReader:
    """A file wrapper that hashes and counts what tarfile reads through it."""

    def __init__(self, raw: BinaryIO, on_bytes: Callable[[int], None] | None) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0
        self.on_bytes = on_bytes

    def read(self, n: int = -1) -> bytes:
        """Read, hash and report the bytes."""
        data = self.raw.read(n)
        self.sha.update(data)
        self.size += len(data)
        if self.on_bytes is not None and data:
            self.on_bytes(len(data))
        return data


def safe_member_name(name: str) -> bool:
    """True for a relative name without '..' that the archive format allows."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts or "\\" in name:
        return False
    return name == MANIFEST or name in SNAPSHOT_NAMES.values() or name.startswith(MEDIA_PREFIX)


class ArchiveWriter:
    """Writes an archive to a new file (mode 0600: it holds password hashes)."""

    def __init__(self, path: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.path = path
        self.raw = os.fdopen(fd, "wb")
        self.tar = tarfile.open(  # noqa: SIM115 - closed by close() or abort()
            fileobj=self.raw, mode="w:gz", compresslevel=COMPRESS_LEVEL, format=tarfile.PAX_FORMAT
        )
        self.entries: list[dict] = []

    def add_file(
        self, source: Path, name: str, on_bytes: Callable[[int], None] | None = None
    ) -> dict:
        """Copy one file into the archive under ``name``; return its manifest entry."""
        with open(source, "rb") as raw:
            stat = os.fstat(raw.fileno())
            info = tarfile.TarInfo(name)
            info.size = stat.st_size
            info.mtime = int(stat.st_mtime)
            info.mode = 0o600 if not name.startswith(MEDIA_PREFIX) else 0o644
            reader = _HashingReader(raw, on_bytes)
            self.tar.addfile(info, reader)
        entry = {"path": name, "size": reader.size, "sha256": reader.sha.hexdigest()}
        self.entries.append(entry)
        return entry

    def add_stream(
        self,
        raw: BinaryIO,
        name: str,
        size: int,
        mtime: int,
        on_bytes: Callable[[int], None] | None = None,
    ) -> dict:
        """Copy ``size`` bytes of a stream (a stored media file) into the archive as ``name``;
        return its manifest entry."""
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = mtime
        info.mode = 0o644
        reader = _HashingReader(raw, on_bytes)
        self.tar.addfile(info, reader)
        entry = {"path": name, "size": reader.size, "sha256": reader.sha.hexdigest()}
        self.entries.append(entry)
        return entry

    def add_manifest(self, manifest: dict) -> None:
        """Write the manifest as the last member."""
        data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(manifest.get("created_unix", 0))
        info.mode = 0o600
        self.tar.addfile(info, io.BytesIO(data))

    def close(self) -> None:
        """Finish the archive and flush it to disk."""
        self.tar.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()

    def abort(self) -> None:
        """Close without caring about errors (the caller deletes the file)."""
        for closing in (self.tar.close, self.raw.close):
            with contextlib.suppress(Exception):  # already failing; the file is deleted next
                closing()


class _Counter:
    """A file wrapper that reports how many bytes were read (for a progress bar)."""

    def __init__(self, raw: BinaryIO, on_bytes: Callable[[int], None] | None) -> None:
        self.raw = raw
        self.on_bytes = on_bytes

    def read(self, n: int = -1) -> bytes:
        """Read and report."""
        data = self.raw.read(n)
        if self.on_bytes is not None and data:
            self.on_bytes(len(data))
        return data


@dataclass
class Contents:
    """What reading an archive found: its manifest, each member's checksum, the problems."""

    manifest: dict | None = None
    found: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def expected(self) -> dict[str, dict]:
        """The manifest's file entries by path."""
        files = (self.manifest or {}).get("files") or []
        return {
            entry["path"]: entry for entry in files if isinstance(entry, dict) and "path" in entry
        }


def read_archive(
    path: Path,
    extract_to: Path | None = None,
    extract: Callable[[str], bool] = lambda _name: True,
    on_bytes: Callable[[int], None] | None = None,
) -> Contents:
    """Read every member once: hash it, write it under ``extract_to`` when ``extract(name)``,
    then compare with the manifest. Damage is reported in ``problems``, never raised."""
    contents = Contents()
    try:
        with open(path, "rb") as raw, gzip.GzipFile(fileobj=_Counter(raw, on_bytes)) as unzipped:
            with tarfile.open(fileobj=unzipped, mode="r|") as tar:
                for member in tar:
                    target = extract_to if extract_to is not None and extract(member.name) else None
                    _read_member(tar, member, target, contents)
            # Read to the very end: gzip checks its CRC and length there, which covers the
            # manifest and the tar headers too (tarfile's own gzip reader checks no CRC).
            while unzipped.read(CHUNK):
                pass
    except FileNotFoundError:
        contents.problems.append(f"{path}: no such file")
        return contents
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        contents.problems.append(f"the archive is damaged or truncated ({exc})")
    _compare(contents)
    return contents


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo, extract_to, contents) -> None:
    """Hash one member (and write it out when extracting); record what is wrong with it."""
    name = member.name
    if not member.isfile() or not safe_member_name(name):
        contents.problems.append(f"unexpected member in the archive: {name!r}")
        return
    if name in contents.found:
        contents.problems.append(f"member stored twice: {name}")
        return
    source = tar.extractfile(member)
    sha = hashlib.sha256()
    size = 0
    target = None
    if extract_to is not None:
        target = extract_to / name
        target.parent.mkdir(parents=True, exist_ok=True)
    out = open(target, "wb") if target is not None else None  # noqa: SIM115 - closed below
    manifest_bytes = bytearray()
    try:
        while chunk := source.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
            if name == MANIFEST:
                manifest_bytes.extend(chunk)
    finally:
        if out is not None:
            out.close()
    contents.found[name] = {"size": size, "sha256": sha.hexdigest()}
    if name == MANIFEST:
        try:
            contents.manifest = json.loads(manifest_bytes.decode())
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            contents.problems.append(f"the manifest is not valid JSON ({exc})")


def _compare(contents: Contents) -> None:
    """Check the manifest's shape and every listed file's size and checksum."""
    manifest = contents.manifest
    if manifest is None:
        if not any("manifest" in p for p in contents.problems):
            contents.problems.append("the archive has no manifest.json")
        return
    if manifest.get("format") != FORMAT:
        contents.problems.append(f"unknown archive format {manifest.get('format')!r}")
    kind = (manifest.get("database") or {}).get("kind")
    if kind not in SNAPSHOT_NAMES:
        contents.problems.append(f"unknown database kind {kind!r} in the manifest")
    elif SNAPSHOT_NAMES[kind] not in contents.expected():
        contents.problems.append("the manifest lists no database snapshot")
    expected = contents.expected()
    for name, entry in expected.items():
        found = contents.found.get(name)
        if found is None:
            contents.problems.append(f"missing from the archive: {name}")
        elif found["size"] != entry.get("size") or found["sha256"] != entry.get("sha256"):
            contents.problems.append(f"checksum mismatch: {name}")
    for name in contents.found:
        if name != MANIFEST and name not in expected:
            contents.problems.append(f"not listed in the manifest: {name}")


def iter_media(media_dir: Path) -> Iterator[tuple[Path, str]]:
    """(file, archive name) for every regular file under a folder of extracted media, in a
    stable order."""
    if not media_dir.is_dir():
        return
    for root, dirs, files in os.walk(media_dir):
        dirs.sort()
        for filename in sorted(files):
            path = Path(root) / filename
            if path.is_file() and not path.is_symlink():
                yield path, MEDIA_PREFIX + path.relative_to(media_dir).as_posix()

"""Media storage that every instance shares: a directory, or an S3-compatible bucket.

Uploads, their renditions, the demo illustrations, backups and the readiness check all
go through ``media_storage()``, which builds the backend chosen by ``MEDIA_BACKEND``
once per app:

- ``directory`` (the default): files under MEDIA_DIR. Several app servers share it by
  mounting one directory (NFS, for example) at MEDIA_DIR on each of them.
- ``s3``: objects in MEDIA_S3_BUCKET under MEDIA_S3_PREFIX, on AWS or any S3-compatible
  server (MEDIA_S3_ENDPOINT_URL), with boto3.

Keys are relative paths such as ``2026/05/3f9a….jpg``; ``/media/<key>`` serves them
from either backend, so URLs do not depend on where the files live. A failure is an
``OSError`` whose errno says what went wrong (ENOSPC: full; EROFS, EACCES: cannot be
written; ECONNREFUSED, ETIMEDOUT: unreachable; ENOENT: no such key), which the failure
policy turns into the right answer (cms/media/services.py).
"""

import base64
import contextlib
import errno
import hashlib
import mimetypes
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from flask import Flask, Response, current_app, request, send_from_directory

BACKENDS = ("directory", "s3")
CHUNK = 64 * 1024
READY_PREFIX = ".ready-"  # the readiness check's probe; hidden keys are never listed or served
# S3 error codes by what they mean for the failure policy.
S3_MISSING = {"NoSuchKey", "NotFound", "404"}
S3_DENIED = {
    "AccessDenied",
    "AllAccessDisabled",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "AccountProblem",
    "403",
}
S3_FULL = {"EntityTooLarge", "QuotaExceeded", "XMinioStorageFull", "InsufficientStorage"}


@dataclass(frozen=True)
class Entry:
    """One stored file: its key, its size and, when the backend knows it, its MD5."""

    key: str
    size: int
    md5: str | None = None


def valid_key(key: str) -> bool:
    """True for a relative key without '..', hidden parts, backslashes or control bytes."""
    if not key or key.startswith("/") or "\\" in key or any(ord(c) < 32 for c in key):
        return False
    parts = PurePosixPath(key).parts
    return all(part not in ("", ".", "..") and not part.startswith(".") for part in parts)


def _checked(key: str) -> str:
    """The key itself, or FileNotFoundError when it is not one this storage holds."""
    if not valid_key(key):
        raise FileNotFoundError(errno.ENOENT, "not a media key", key)
    return key


def guess_type(key: str) -> str:
    """The content type of a key, from its suffix (what send_from_directory does too)."""
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


def _cache_headers(response: Response, max_age: int) -> Response:
    """A stored file never changes under its name: public, cached for max_age seconds."""
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response


class DirectoryStorage:
    """Files under one directory (MEDIA_DIR), shared by mounting it on every server."""

    backend = "directory"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def describe(self) -> dict:
        """What the readiness report says about this storage (no path: it is public)."""
        return {"backend": self.backend}

    def location(self, prefix: str = "") -> str:
        """Where keys under ``prefix`` live, for a command's output."""
        return str(self.root / prefix)

    def _path(self, key: str) -> Path:
        """The file of a key."""
        return self.root / _checked(key)

    def save(self, key: str, data: bytes, content_type: str | None = None) -> None:
        """Write a file all or nothing: a temporary name, synced to the device, renamed.

        A full disk is noticed before the caller commits anything (some file systems
        refuse the data only when it is flushed), and a worker killed mid-write leaves no
        half file under a real name; the temporary file is removed on failure.
        """
        path = self._path(key)
        part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with part.open("xb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            part.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):  # storage that cannot delete either
                part.unlink(missing_ok=True)
            raise

    def open(self, key: str) -> BinaryIO:
        """The stored bytes as a file to read (the caller closes it)."""
        return self._path(key).open("rb")

    def read(self, key: str) -> bytes:
        """The stored bytes of a key."""
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        """True when the key holds a file."""
        return valid_key(key) and self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove a key; a missing one is not an error."""
        self._path(key).unlink(missing_ok=True)

    def list(self, prefix: str = "") -> Iterator[Entry]:
        """Every stored file whose key starts with ``prefix``, in a stable order.

        Hidden files (temporary ``.part`` files, the readiness probe) are not media.
        """
        if not self.root.is_dir():
            return
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(folder) / name
                key = path.relative_to(self.root).as_posix()
                if not key.startswith(prefix) or not valid_key(key) or path.is_symlink():
                    continue
                try:
                    yield Entry(key, path.stat().st_size)
                except FileNotFoundError:
                    continue  # deleted since the folder was read

    def serve(self, key: str, max_age: int) -> Response:
        """The file as a response (conditional, with ranges); 404 when it is missing."""
        _checked(key)
        return send_from_directory(self.root, key, max_age=max_age)

    def check_writable(self) -> None:
        """Create, sync and delete a small file; raise OSError when the storage cannot."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{READY_PREFIX}{secrets.token_hex(6)}.tmp"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, b"ready\n")
            os.fsync(fd)  # a full disk may only refuse the data when it reaches the device
        finally:
            os.close(fd)
            path.unlink()


def _s3_error(exc: Exception, action: str, key: str) -> OSError:
    """The OSError, with the errno the failure policy acts on, for a failed S3 call."""
    detail = type(exc).__name__
    code = errno.EIO
    if isinstance(exc, ClientError):
        error = exc.response.get("Error") or {}
        status = (exc.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        detail = str(error.get("Code") or status or detail)
        if detail in S3_MISSING:
            code = errno.ENOENT
        elif detail in S3_DENIED:
            code = errno.EACCES
        elif detail in S3_FULL or status == 507:
            code = errno.ENOSPC
    elif isinstance(exc, NoCredentialsError):
        code = errno.EACCES
    elif isinstance(exc, ConnectTimeoutError | ReadTimeoutError):
        code = errno.ETIMEDOUT
    elif isinstance(exc, EndpointConnectionError):
        code = errno.ECONNREFUSED
    # OSError(code, …) is the matching subclass: FileNotFoundError, PermissionError, …
    return OSError(code, f"S3 {action} failed ({detail})", key)


class S3Storage:
    """Objects in an S3-compatible bucket, under a key prefix; every server sees them."""

    backend = "s3"

    def __init__(self, config: dict) -> None:
        self.bucket = config["MEDIA_S3_BUCKET"]
        self.prefix = config.get("MEDIA_S3_PREFIX") or ""
        timeout = config["MEDIA_S3_TIMEOUT_SECONDS"]
        # Short timeouts and one retry: a hung store must not hold a worker (the page
        # becomes a 503). Empty keys let boto3 find credentials itself (an instance role).
        self.client = boto3.session.Session().client(
            "s3",
            endpoint_url=config.get("MEDIA_S3_ENDPOINT_URL") or None,
            region_name=config.get("MEDIA_S3_REGION") or None,
            aws_access_key_id=config.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            aws_secret_access_key=config.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            config=Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": "path"} if config.get("MEDIA_S3_ENDPOINT_URL") else {},
                # Checksums only when the operation needs them: S3-compatible servers do
                # not all accept the newer trailing checksums.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )

    def describe(self) -> dict:
        """What the readiness report says about this storage (never a key or a secret)."""
        return {"backend": self.backend, "bucket": self.bucket}

    def location(self, prefix: str = "") -> str:
        """Where keys under ``prefix`` live, for a command's output."""
        return f"s3://{self.bucket}/{self.prefix}{prefix}"

    def _key(self, key: str) -> str:
        """The object key of a media key."""
        return self.prefix + _checked(key)

    def save(self, key: str, data: bytes, content_type: str | None = None) -> None:
        """Store an object: a single PUT is all or nothing, and S3 checks its MD5."""
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(key),
                Body=data,
                ContentType=content_type or guess_type(key),
                ContentMD5=_md5_base64(data),
            )
        except (BotoCoreError, ClientError) as exc:
            raise _s3_error(exc, "upload", key) from exc

    def _get(self, key: str, **conditions) -> dict:
        """GetObject, its failure as an OSError."""
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key), **conditions)
        except (BotoCoreError, ClientError) as exc:
            raise _s3_error(exc, "download", key) from exc

    def open(self, key: str) -> BinaryIO:
        """The object's body as a stream (the caller closes it)."""
        return self._get(key)["Body"]

    def read(self, key: str) -> bytes:
        """The stored bytes of a key."""
        body = self.open(key)
        try:
            return body.read()
        except (BotoCoreError, ClientError) as exc:
            raise _s3_error(exc, "download", key) from exc
        finally:
            body.close()

    def exists(self, key: str) -> bool:
        """True when the key holds an object."""
        if not valid_key(key):
            return False
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as exc:
            error = _s3_error(exc, "lookup", key)
            if isinstance(error, FileNotFoundError):
                return False
            raise error from exc
        return True

    def delete(self, key: str) -> None:
        """Remove a key; a missing one is not an error (S3 says so itself)."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as exc:
            raise _s3_error(exc, "delete", key) from exc

    def list(self, prefix: str = "") -> Iterator[Entry]:
        """Every object whose key starts with ``prefix``, in key order (S3 lists so)."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix
        )
        try:
            for page in pages:
                for item in page.get("Contents") or []:
                    key = item["Key"][len(self.prefix) :]
                    if valid_key(key):
                        etag = (item.get("ETag") or "").strip('"')
                        # A multipart upload's ETag is not the MD5 of the bytes.
                        md5 = etag if len(etag) == 32 and "-" not in etag else None
                        yield Entry(key, int(item["Size"]), md5)
        except (BotoCoreError, ClientError) as exc:
            raise _s3_error(exc, "listing", prefix) from exc

    def serve(self, key: str, max_age: int) -> Response:
        """Stream the object with its type, length and ETag; 304 for a matching ETag.

        The conditional request goes to S3 as well, so a cached image costs no download.
        """
        conditions = {}
        if request.headers.get("If-None-Match"):
            conditions["IfNoneMatch"] = request.headers["If-None-Match"]
        try:
            found = self._get(key, **conditions)
        except OSError as exc:
            cause = exc.__cause__
            if isinstance(cause, ClientError) and _status(cause) == 304:
                response = Response(status=304)
                response.headers["ETag"] = conditions["IfNoneMatch"]
                return _cache_headers(response, max_age)
            raise
        body = found["Body"]
        response = Response(
            body.iter_chunks(CHUNK), mimetype=guess_type(key), direct_passthrough=True
        )
        response.call_on_close(body.close)
        response.content_length = found.get("ContentLength")
        if found.get("ETag"):
            response.headers["ETag"] = found["ETag"]
        if found.get("LastModified"):
            response.last_modified = found["LastModified"].astimezone(UTC)
        return _cache_headers(response, max_age)

    def check_writable(self) -> None:
        """Store and delete a small hidden object; raise OSError when the bucket cannot."""
        key = f"{READY_PREFIX}{secrets.token_hex(6)}"
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=b"ready\n")
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)
        except (BotoCoreError, ClientError) as exc:
            raise _s3_error(exc, "readiness check", key) from exc


def _status(exc: ClientError) -> int | None:
    """The HTTP status of a failed S3 call."""
    return (exc.response.get("ResponseMetadata") or {}).get("HTTPStatusCode")


def _md5_base64(data: bytes) -> str:
    """The Content-MD5 header of a body: S3 refuses a PUT whose bytes do not match it."""
    return base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()


Storage = DirectoryStorage | S3Storage


def build(backend: str, config: dict) -> Storage:
    """A storage of the given backend from the settings (for `flask media migrate` too)."""
    if backend == "s3":
        return S3Storage(config)
    return DirectoryStorage(config["MEDIA_DIR"])


def media_storage(app: Flask | None = None) -> Storage:
    """The app's media storage (MEDIA_BACKEND), built once per app."""
    app = app or current_app._get_current_object()
    storage = app.extensions.get("media_storage")
    if storage is None:
        storage = build(app.config.get("MEDIA_BACKEND") or "directory", app.config)
        app.extensions["media_storage"] = storage
    return storage

"""``flask backup create|restore`` with the media in an S3 bucket (a real S3-compatible
server, tests/media/s3server.py): the archive holds every object, and a restore puts them
into another, empty bucket; a bucket that holds files is refused without --force."""

import hashlib
import os

from tests.backup.conftest import only_archive, read_manifest, run_cli
from tests.media.s3server import s3_server

__all__ = ["s3_server"]  # fixture


def _checksums(objects: dict[str, bytes]) -> dict[str, str]:
    """SHA-256 of each object, by key."""
    return {key: hashlib.sha256(data).hexdigest() for key, data in objects.items()}


def test_backup_and_restore_through_the_bucket(instance_app, new_database, s3_server):
    source_bucket, target_bucket = s3_server.new_bucket(), s3_server.new_bucket()
    client = s3_server.client()
    for n in range(3):
        key = f"cong-a/2026/0{n + 1}/anh-{n}.jpg"
        client.put_object(Bucket=source_bucket, Key=key, Body=os.urandom(1500 + 300 * n))
    client.put_object(Bucket=source_bucket, Key="cong-b/khac.jpg", Body=b"another portal")
    source = instance_app("source", **s3_server.config(source_bucket, MEDIA_S3_PREFIX="cong-a/"))
    created = run_cli(source, "backup", "create")
    assert created.exit_code == 0, created.output
    archive = only_archive(source)
    manifest = read_manifest(archive)
    assert manifest["media"]["files"] == 3  # this portal's prefix only
    assert {e["path"] for e in manifest["files"] if e["path"].startswith("media/")} == {
        f"media/2026/0{n + 1}/anh-{n}.jpg" for n in range(3)
    }
    assert run_cli(source, "backup", "verify", str(archive)).exit_code == 0

    target = instance_app(
        "target",
        new_database("target", migrated=False),
        **s3_server.config(target_bucket, MEDIA_S3_PREFIX="cong-a/"),
    )
    restored = run_cli(target, "backup", "restore", str(archive), "--yes")
    assert restored.exit_code == 0, restored.output
    assert f"3 media files placed in s3://{target_bucket}/cong-a/" in restored.output
    assert _checksums(s3_server.objects(target_bucket)) == _checksums(
        s3_server.objects(source_bucket, "cong-a/")
    )

    again = instance_app(
        "again",
        new_database("again", migrated=False),
        **s3_server.config(target_bucket, MEDIA_S3_PREFIX="cong-a/"),
    )
    refused = run_cli(again, "backup", "restore", str(archive), "--yes")
    assert refused.exit_code == 1
    assert "already holds files" in refused.output and "--force" in refused.output

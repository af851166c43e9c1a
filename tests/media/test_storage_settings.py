"""The media storage's settings and keys: S3 needs a bucket, bad values stop the app with
one line, and only our own keys are ever served (no traversal, no hidden files)."""

import pytest

from cms.config import ConfigError
from cms.core.storage import DirectoryStorage, S3Storage, media_storage


def test_s3_without_a_bucket_does_not_start(make_app):
    with pytest.raises(ConfigError, match="MEDIA_S3_BUCKET"):
        make_app(MEDIA_BACKEND="s3")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MEDIA_BACKEND", "nfs"),
        ("MEDIA_S3_BUCKET", "Bad_Bucket"),
        ("MEDIA_S3_ENDPOINT_URL", "minio:9000"),
        ("MEDIA_S3_PREFIX", "/portal"),
    ],
)
def test_bad_values_are_refused_with_their_name(make_app, name, value):
    with pytest.raises(ConfigError, match=name):
        make_app(**{name: value})


def test_the_backend_follows_the_setting(make_app):
    assert isinstance(media_storage(make_app()), DirectoryStorage)
    app = make_app(
        MEDIA_BACKEND="s3", MEDIA_S3_BUCKET="portal-media", MEDIA_S3_ENDPOINT_URL="http://s3.test"
    )
    storage = media_storage(app)
    assert isinstance(storage, S3Storage) and storage.describe() == {
        "backend": "s3",
        "bucket": "portal-media",
    }
    assert media_storage(app) is storage  # one client per app


@pytest.mark.parametrize(
    "path",
    ["/media/.ready-1.jpg", "/media/2026/.anh.jpg.ab12.part.jpg", "/media/..%2Fsecret.jpg"],
)
def test_hidden_and_outside_files_are_not_served(app, client, tmp_path, path):
    media = tmp_path / "media"
    (media / "2026").mkdir(parents=True)
    (media / ".ready-1.jpg").write_bytes(b"probe")
    (media / "2026" / ".anh.jpg.ab12.part.jpg").write_bytes(b"half")
    (tmp_path / "secret.jpg").write_bytes(b"secret")
    assert client.get(path).status_code == 404

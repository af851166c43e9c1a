"""Media in an S3 bucket every instance shares, against a real S3-compatible server
(``rclone serve s3``, tests/media/s3server.py): an image uploaded through one instance is
served by another, deleting an image removes every rendition, a store that fails gives
the form back, `flask media migrate` copies a directory into the bucket, and the
readiness check names the bucket."""

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from cms.content.models import Category
from cms.extensions import db
from cms.media import services
from cms.media.models import Media
from tests.media.conftest import make_image, media_count, media_files, upload
from tests.media.s3server import own_s3_server, s3_server

__all__ = ["own_s3_server", "s3_server"]  # fixtures

MONTH_DAYS = 30 * 86400
HTML = {"Accept": "text/html"}


@pytest.fixture
def two_instances(make_app, login_as, s3_server, tmp_path):
    """Two app instances on one database and one bucket, each with its own (empty)
    MEDIA_DIR; a reporter logged in on the first. Yields (first, second, client, bucket)."""
    bucket = s3_server.new_bucket()
    first = make_app(**s3_server.config(bucket), MEDIA_DIR=str(tmp_path / "first-media"))
    second = make_app(
        **s3_server.config(bucket),
        MEDIA_DIR=str(tmp_path / "second-media"),
        SQLALCHEMY_DATABASE_URI=first.config["SQLALCHEMY_DATABASE_URI"],
    )
    with first.app_context():
        client = first.test_client()
        login_as(client, "reporter")
        yield first, second, client, bucket


def _keys(media: Media) -> list[str]:
    """The storage keys of an image: the original and its renditions."""
    return services.media_files(media)


def test_an_upload_is_served_by_a_second_instance(two_instances, s3_server):
    first, second, client, bucket = two_instances
    response = upload(client, make_image("JPEG", (1000, 600)), alt="Cầu Rồng")
    assert response.status_code == 201, response.get_json()
    media = db.session.execute(select(Media)).scalar_one()
    stored = s3_server.objects(bucket)
    assert sorted(stored) == sorted(_keys(media))  # the original and three renditions
    assert media_files(first) == [] and media_files(second) == []  # no local file at all
    reader = second.test_client()
    for key in _keys(media):
        served = reader.get(f"/media/{key}")
        assert served.status_code == 200, key
        assert served.data == stored[key]
        assert served.mimetype == "image/jpeg"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert served.headers["Content-Length"] == str(len(stored[key]))
        assert served.cache_control.public and served.cache_control.max_age == MONTH_DAYS
        assert "Set-Cookie" not in served.headers
    again = reader.get(media.url(), headers={"If-None-Match": served_etag(reader, media.url())})
    assert again.status_code == 304 and again.data == b""
    assert reader.get("/media/2026/01/khong-co.jpg").status_code == 404
    assert reader.get("/media/.ready-x.jpg").status_code == 404
    # The article page of the second instance links the same URL: URLs do not change.
    assert media.url("medium") == f"/media/{media.rendition_name('medium')}"


def served_etag(client, url: str) -> str:
    """The ETag an image is served with."""
    etag = client.get(url).headers["ETag"]
    assert etag
    return etag


def test_deleting_an_image_removes_every_rendition(two_instances, s3_server):
    _first, second, client, bucket = two_instances
    assert upload(client, make_image("PNG", (900, 500)), name="ban-do.png").status_code == 201
    assert upload(client, make_image("JPEG"), name="giu-lai.jpg").status_code == 201
    gone, kept = db.session.execute(select(Media).order_by(Media.id)).scalars().all()
    gone_keys, kept_keys = _keys(gone), _keys(kept)
    assert services.delete_media(gone.id, None) is True
    assert sorted(s3_server.objects(bucket)) == sorted(kept_keys)
    reader = second.test_client()
    for key in gone_keys:
        assert reader.get(f"/media/{key}").status_code == 404
    assert reader.get(f"/media/{kept_keys[0]}").status_code == 200
    assert media_count() == 1
    assert services.delete_media(gone.id, None) is False  # already gone


def test_a_failing_store_gives_the_form_back(make_app, login_as, own_s3_server, tmp_path):
    server = own_s3_server
    bucket = server.new_bucket()
    app = make_app(**server.config(bucket), MEDIA_DIR=str(tmp_path / "unused"))
    with app.app_context():
        db.session.add(Category(name="Tin tức", slug="tin-tuc", position=1))
        db.session.commit()
        client = app.test_client()
        login_as(client, "reporter")
        assert client.get("/healthz/ready").status_code == 200
        server.stop()
        page = upload(client, make_image("JPEG"), headers=HTML, caption="Chợ phiên")
        assert page.status_code == 503
        html = page.get_data(as_text=True)
        assert "không kết nối được tới kho lưu trữ ảnh" in html
        assert 'value="Chợ phiên"' in html  # the typed text is kept
        api = upload(client, make_image("JPEG"))
        assert api.status_code == 503
        assert "không kết nối được tới kho lưu trữ ảnh" in api.get_json()["message"]
        assert media_count() == 0
        ready = client.get("/healthz/ready")
        assert ready.status_code == 503 and ready.json["failed"] == ["media"]
        assert ready.json["checks"]["media"]["bucket"] == bucket
        served = client.get("/media/2026/01/anh.jpg")
        assert served.status_code == 503 and served.headers["Retry-After"]
        assert served.headers["Cache-Control"] == "no-store"
        server.start()  # back: nothing was left half-stored
        assert server.objects(bucket) == {}
        assert upload(client, make_image("JPEG")).status_code == 201


def test_readiness_names_the_bucket_and_leaves_nothing(make_app, s3_server):
    bucket = s3_server.new_bucket()
    app = make_app(**s3_server.config(bucket, MEDIA_S3_PREFIX="cong-a/"))
    ready = app.test_client().get("/healthz/ready")
    assert ready.status_code == 200
    media = ready.json["checks"]["media"]
    assert media["status"] == "ok" and media["backend"] == "s3" and media["bucket"] == bucket
    assert "MEDIA_S3_SECRET_ACCESS_KEY" not in ready.get_data(as_text=True)
    assert s3_server.objects(bucket) == {}  # the probe object was deleted


def test_migrate_copies_a_directory_into_the_bucket(make_app, login_as, s3_server, tmp_path):
    local = make_app(MEDIA_DIR=str(tmp_path / "media"))
    with local.app_context():
        client = local.test_client()
        login_as(client, "reporter")
        for name in ("a.jpg", "b.gif"):
            data = make_image("GIF" if name.endswith("gif") else "JPEG")
            assert upload(client, data, name=name).status_code == 201
    keys = {p.relative_to(tmp_path / "media").as_posix(): p for p in media_files(local)}
    assert len(keys) == 8
    bucket = s3_server.new_bucket()
    moved = make_app(
        **s3_server.config(bucket, MEDIA_S3_PREFIX="cong-a/"),
        MEDIA_DIR=str(tmp_path / "media"),
        SQLALCHEMY_DATABASE_URI=local.config["SQLALCHEMY_DATABASE_URI"],
    )
    runner = moved.test_cli_runner()
    # The test's default app (login_as) is current: the command runs in the moved one's.
    with moved.app_context():
        result = runner.invoke(args=["media", "migrate", "--to", "s3"])
    assert result.exit_code == 0, result.output
    assert "Copying 8 media files" in result.output  # the progress bar's label
    assert "Copied 8 files" in result.output and "skipped 0" in result.output
    stored = s3_server.objects(bucket)
    assert stored == {f"cong-a/{key}": path.read_bytes() for key, path in keys.items()}
    # Idempotent: nothing is copied twice; a changed file is copied again.
    with moved.app_context():
        again = runner.invoke(args=["media", "migrate", "--from", "directory", "--to", "s3"])
        assert again.exit_code == 0 and "Copied 0 files" in again.output
        assert "skipped 8" in again.output
        changed = sorted(keys)[0]
        keys[changed].write_bytes(make_image("JPEG", (10, 10)))
        third = runner.invoke(args=["media", "migrate", "--to", "s3"])
        assert "Copied 1 files" in third.output and "skipped 7" in third.output
        # The moved instance serves what the directory held.
        media = db.session.execute(select(Media).order_by(Media.id)).scalars().first()
        thumb = media.rendition_name("thumb")
        served = moved.test_client().get(media.url("thumb"))
    assert served.status_code == 200
    assert served.data == keys[thumb].read_bytes()


def test_migrate_fails_in_one_line(make_app, own_s3_server, tmp_path):
    server = own_s3_server
    bucket = server.new_bucket()
    media = tmp_path / "media"
    (media / "2026" / "01").mkdir(parents=True)
    (media / "2026" / "01" / "anh.jpg").write_bytes(make_image("JPEG"))
    app = make_app(**server.config(bucket), MEDIA_DIR=str(media))
    server.stop()
    result = app.test_cli_runner().invoke(args=["media", "migrate", "--to", "s3"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "copying the media failed" in errors[0]
    assert "Traceback" not in result.output
    same = app.test_cli_runner().invoke(args=["media", "migrate", "--from", "s3", "--to", "s3"])
    assert same.exit_code != 0 and "same storage" in same.output


def test_demo_images_go_to_the_bucket(make_app, s3_server, tmp_path):
    bucket = s3_server.new_bucket()
    app = make_app(**s3_server.config(bucket), MEDIA_DIR=str(tmp_path / "unused"))
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    stored = s3_server.objects(bucket)
    assert stored and all(key.startswith("demo/") for key in stored)
    assert not Path(tmp_path / "unused").exists()
    key = sorted(stored)[0]
    served = app.test_client().get(f"/media/{key}")
    assert served.status_code == 200 and served.data == stored[key]
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "Created 0 images" in again.output


def test_an_article_image_goes_to_the_bucket(two_instances, s3_server):
    first, second, client, bucket = two_instances
    category = Category(name="Tin tức", slug="tin-tuc", position=1)
    db.session.add(category)
    db.session.commit()
    response = client.post(
        "/quan-tri/bai-viet/moi",
        data={
            "title": "Bài có ảnh",
            "category_id": str(category.id),
            "summary": "Tóm tắt",
            "body": "<p>Nội dung.</p>",
            "action": "save",
            "image_file": (io.BytesIO(make_image("JPEG", (800, 500))), "a.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    media = db.session.execute(select(Media)).scalar_one()
    assert sorted(s3_server.objects(bucket)) == sorted(_keys(media))
    assert second.test_client().get(media.url("large")).status_code == 200
    assert media_files(first) == []

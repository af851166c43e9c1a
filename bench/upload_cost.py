"""What one upload costs: the hostile animated GIF of issue 9 next to real photos.

    .venv/bin/python bench/upload_cost.py
    .venv/bin/python bench/upload_cost.py --frames 40 --size 3000

Each case is made with Pillow, then stored through ``cms.media.services.store_upload``
in-process on a fresh migrated SQLite database in a temporary directory (the app's own
limits, APP_ENV=production). The table gives the file size, the outcome (stored, or the
message it was refused with) and the wall time. The hostile case is an animated GIF of
40 frames of 3000 × 3000 pixels, each a single colour: 343 KB on disk, 360 million
pixels to decode and re-encode. A second pass raises the header limits
(MEDIA_MAX_FRAMES, MEDIA_MAX_TOTAL_PIXELS, MEDIA_MAX_DECODED_BYTES) out of the way, so
only the time budget (MEDIA_PROCESS_SECONDS) stands between the GIF and a worker.
"""

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from common import SECRET, print_table
from flask_migrate import upgrade
from PIL import Image

from cms import create_app
from cms.extensions import db
from cms.media import services


def hostile_gif(frames: int, size: int) -> bytes:
    """An animated GIF of single-colour frames: tiny on disk, huge once decoded."""
    palette = [value for i in range(256) for value in (i, 255 - i, (i * 7) % 256)]
    images = []
    for i in range(frames):
        image = Image.new("P", (size, size), i % 200)
        image.putpalette(palette)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


def small_animation(frames: int = 30, size: tuple[int, int] = (480, 360)) -> bytes:
    """A realistic animated GIF: a few dozen frames of a small moving square."""
    images = []
    for i in range(frames):
        image = Image.new("RGB", size, (240, 240, 240))
        image.paste((200, 30, 30), (i * 10, 100, i * 10 + 60, 160))
        images.append(image.convert("P", palette=Image.Palette.ADAPTIVE))
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=80, loop=0)
    return out.getvalue()


def photo(size: tuple[int, int]) -> bytes:
    """A JPEG with noisy content, close to a camera photo's cost to decode and encode."""
    rng = random.Random(1)
    image = Image.merge(
        "RGB", [Image.effect_noise(size, 25 + 10 * band) for band in range(3)]
    ).convert("RGB")
    image.paste((rng.randrange(256), 120, 60), (0, 0, size[0] // 2, size[1] // 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def run(cases: list, tmp: Path, label: str, **config) -> list[list[str]]:
    """Store every case through a fresh app with this configuration; one row per case."""
    app = create_app(
        {
            "APP_ENV": "production",
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / f'{label}.sqlite3'}",
            "MEDIA_DIR": str(tmp / "media"),
            "REDIS_URL": "",
            **config,
        }
    )
    rows = []
    with app.app_context():
        upgrade(revision="heads")
        for name, data, filename in cases:
            with app.test_request_context("/", method="POST"):
                start = time.perf_counter()
                try:
                    media = services.store_upload(data, filename, None)
                    outcome = f"stored ({media.size // 1024} KB)"
                except services.UploadError as exc:
                    message = str(exc)
                    outcome = f"{exc.status}: {message[:70]}{'…' if len(message) > 70 else ''}"
                elapsed = time.perf_counter() - start
            rows.append([name, label, f"{len(data) // 1024} KB", outcome, f"{elapsed:.3f} s"])
        db.engine.dispose()
    return rows


def main() -> int:
    """Store each case once and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=40, help="frames of the hostile GIF")
    parser.add_argument("--size", type=int, default=3000, help="side of its frames, pixels")
    args = parser.parse_args()
    cases = [
        (f"GIF {args.frames} × {args.size}²", hostile_gif(args.frames, args.size), "x.gif"),
        ("GIF 6 × 3000²", hostile_gif(6, 3000), "x.gif"),
        ("GIF 30 × 480×360", small_animation(), "dong.gif"),
        ("JPEG 6000×4000 (24 MP)", photo((6000, 4000)), "anh.jpg"),
        ("JPEG 4000×3000 (12 MP)", photo((4000, 3000)), "anh.jpg"),
    ]
    unlimited = {
        "MEDIA_MAX_FRAMES": 10**9,
        "MEDIA_MAX_TOTAL_PIXELS": 10**12,
        "MEDIA_MAX_DECODED_BYTES": 10**13,
    }
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        rows = run(cases, Path(tmp), "defaults")
        rows += run(cases[:1], Path(tmp), "time budget only", **unlimited)
    print_table(["case", "limits", "file", "outcome", "time"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

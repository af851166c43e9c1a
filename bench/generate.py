"""Build the bench database: 100,000 Vietnamese articles in a few categories, fast.

    .venv/bin/python bench/generate.py                      # SQLite, instance/bench/
    .venv/bin/python bench/generate.py /tmp/big.sqlite3     # SQLite at a path
    .venv/bin/python bench/generate.py postgresql+psycopg://postgres@127.0.0.1/portal_bench
    .venv/bin/python bench/generate.py --articles 10 --force

The schema comes from the Alembic migrations (``upgrade heads``); rows go in with Core
executemany in transactions of 5,000. Idempotent: a database that already holds the
requested number of articles is left alone; a partial one is rebuilt; --force rebuilds.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

from common import DEFAULT_ARTICLES, ROOT, bench_app, bench_url
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from cms.content.models import Article, Category
from cms.core.formatting import utcnow
from cms.core.text import slugify
from cms.extensions import db
from cms.settings.models import SiteSettings

BATCH = 5_000
MIGRATIONS = str(ROOT / "migrations")
YEARS = 10

CATEGORIES = [
    ("Tin tức – Sự kiện", "Tin tức, sự kiện nổi bật trên địa bàn thị xã."),
    ("Cải cách hành chính", "Thủ tục hành chính, dịch vụ công trực tuyến, một cửa."),
    ("Kinh tế – Phát triển", "Sản xuất, đầu tư, xây dựng nông thôn mới, đô thị."),
    ("Văn hóa – Xã hội", "Văn hóa, giáo dục, y tế, an sinh xã hội."),
    ("Quốc phòng – An ninh", "Quốc phòng toàn dân, trật tự an toàn xã hội."),
    ("Thông báo", "Thông báo, giấy mời, lịch công tác của UBND thị xã."),
    ("Chuyển đổi số", "Chính quyền số, kinh tế số, xã hội số."),
]

SUBJECTS = [
    "UBND thị xã",
    "HĐND thị xã",
    "Thị ủy",
    "Ủy ban MTTQ Việt Nam thị xã",
    "Phòng Văn hóa và Thông tin",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Kinh tế",
    "Phòng Quản lý đô thị",
    "Trung tâm Y tế thị xã",
    "Công an thị xã",
    "Ban Chỉ huy Quân sự thị xã",
    "Thị đoàn",
    "Hội Liên hiệp Phụ nữ thị xã",
    "Hội Nông dân thị xã",
    "Hội Cựu chiến binh thị xã",
    "Liên đoàn Lao động thị xã",
    "Hợp tác xã chè Tân Lập",
    "Trung tâm Văn hóa – Thể thao",
    "Bộ phận Một cửa thị xã",
    "Chi cục Thuế khu vực",
    "Ngân hàng Chính sách xã hội",
    "Trường THPT An Hòa",
    "Bảo hiểm xã hội thị xã",
]
VERBS = [
    "tổ chức",
    "triển khai",
    "tổng kết",
    "sơ kết",
    "kiểm tra",
    "phát động",
    "khai mạc",
    "ra quân",
    "hướng dẫn",
    "tuyên truyền",
    "đẩy mạnh",
    "hoàn thành",
    "trao tặng",
    "tiếp nhận",
    "khánh thành",
    "phê duyệt",
    "đánh giá",
    "hưởng ứng",
    "giám sát",
    "công bố",
]
OBJECTS = [
    "kế hoạch chuyển đổi số",
    "phong trào xây dựng nông thôn mới nâng cao",
    "công tác cải cách hành chính",
    "chương trình mục tiêu quốc gia giảm nghèo bền vững",
    "dự án nâng cấp tuyến đường liên xã",
    "lễ hội văn hóa dân gian truyền thống",
    "tháng hành động vì an toàn thực phẩm",
    "công tác phòng, chống thiên tai",
    "mô hình dân vận khéo",
    "kỳ thi tốt nghiệp trung học phổ thông",
    "chiến dịch tiêm chủng mở rộng",
    "hội nghị đối thoại với doanh nghiệp",
    "giải chạy việt dã truyền thống",
    "cuộc thi tìm hiểu pháp luật",
    "ngày hội hiến máu tình nguyện",
    "quy hoạch sử dụng đất",
    "công trình nhà văn hóa khu phố",
    "chương trình khuyến nông",
    "đợt cao điểm tấn công trấn áp tội phạm",
    "công tác tuyển quân",
    "phong trào toàn dân bảo vệ an ninh Tổ quốc",
    "dịch vụ công trực tuyến toàn trình",
    "chương trình mỗi xã một sản phẩm (OCOP)",
    "kế hoạch trồng cây xanh",
    "công tác bảo vệ môi trường",
    "hoạt động khuyến học",
    "chính sách hỗ trợ hộ nghèo",
    "đề án cấp căn cước công dân",
    "mô hình chợ 4.0 thanh toán không dùng tiền mặt",
    "ngày hội đại đoàn kết toàn dân tộc",
]
PLACES = [
    "trên địa bàn thị xã",
    "tại phường An Hòa",
    "tại phường Bình Minh",
    "tại xã Tân Lập",
    "tại xã Phú Thịnh",
    "tại xã Đồng Tâm",
    "tại phường Hòa Bình",
    "tại xã Lương Sơn",
    "ở các khu dân cư",
    "tại trụ sở UBND thị xã",
    "ở vùng chè Tân Lập",
    "tại các trường học",
]
PERIODS = [
    "6 tháng đầu năm",
    "quý I",
    "quý II",
    "quý III",
    "năm",
    "giai đoạn 2021–2025",
    "tháng cao điểm",
    "đợt 1",
    "đợt 2",
    "nhiệm kỳ 2020–2025",
]
UNITS = [
    "hồ sơ",
    "hộ gia đình",
    "học sinh",
    "đoàn viên",
    "cán bộ, công chức",
    "doanh nghiệp",
    "mét đường bê tông",
    "hecta chè",
    "lượt người",
    "tổ dân phố",
    "sản phẩm OCOP",
    "cây xanh",
]
OPENINGS = [
    "Sáng nay",
    "Chiều qua",
    "Trong những ngày qua",
    "Thực hiện chỉ đạo của Thị ủy",
    "Nhằm nâng cao chất lượng phục vụ người dân",
    "Theo kế hoạch đã đề ra",
    "Phát biểu tại buổi lễ",
    "Qua kiểm tra thực tế",
    "Đến nay",
    "Theo báo cáo",
]
OUTCOMES = [
    "góp phần nâng cao đời sống vật chất và tinh thần của nhân dân",
    "tạo sự chuyển biến rõ nét trong nhận thức của cán bộ và người dân",
    "được đông đảo người dân đồng tình, hưởng ứng",
    "bảo đảm an toàn, tiết kiệm và hiệu quả",
    "rút ngắn thời gian giải quyết thủ tục cho người dân và doanh nghiệp",
    "góp phần hoàn thành các chỉ tiêu phát triển kinh tế – xã hội",
    "tạo không khí phấn khởi, thi đua sôi nổi trong toàn thị xã",
]
PEOPLE = [
    "đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND thị xã",
    "bà Trần Thị Lan, Trưởng phòng",
    "ông Lê Minh Tuấn, Chủ tịch UBND phường",
    "đồng chí Phạm Thu Hà, Bí thư Thị đoàn",
    "ông Hoàng Đức Thắng, Giám đốc Trung tâm",
    "bà Vũ Ngọc Mai, Chủ tịch Hội Phụ nữ",
]
BYLINES = [
    "Minh Anh",
    "Thu Hằng",
    "Quang Huy",
    "Ngọc Lan",
    "Đức Thịnh",
    "Hải Yến",
    "Văn Toàn",
    "Phương Thảo",
    "Mạnh Cường",
    "Bích Ngọc",
    "Tuấn Anh",
    "Hồng Nhung",
    "P.V",
    "T.H",
]
SOURCES = [
    "",
    "",
    "Trung tâm Văn hóa – Thể thao và Truyền thông thị xã",
    "Phòng Văn hóa và Thông tin",
    "Văn phòng HĐND và UBND thị xã",
    "Cổng thông tin điện tử tỉnh",
]


def _sentence(rng: random.Random) -> str:
    """One sentence of a news report."""
    shape = rng.randrange(4)
    if shape == 0:
        return (
            f"{rng.choice(OPENINGS)}, {rng.choice(SUBJECTS)} đã {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)} {rng.choice(PLACES)}, {rng.choice(OUTCOMES)}."
        )
    if shape == 1:
        return (
            f"Trong {rng.choice(PERIODS)}, toàn thị xã có {rng.randrange(12, 9000):,} "
            f"{rng.choice(UNITS)} được hỗ trợ, đạt {rng.randrange(60, 130)}% kế hoạch."
        ).replace(",", ".")
    if shape == 2:
        return (
            f"Theo {rng.choice(PEOPLE)}, việc {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"là nhiệm vụ trọng tâm, cần sự vào cuộc của cả hệ thống chính trị."
        )
    return (
        f"Thời gian tới, {rng.choice(SUBJECTS)} tiếp tục {rng.choice(VERBS)} "
        f"{rng.choice(OBJECTS)}, {rng.choice(OUTCOMES)}."
    )


def _paragraph(rng: random.Random) -> str:
    """A paragraph of three to five sentences."""
    return " ".join(_sentence(rng) for _ in range(rng.randrange(3, 6)))


class TextPool:
    """Pre-built paragraphs and summaries, composed into articles without per-word work."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paragraphs = [_paragraph(rng) for _ in range(4000)]
        self.summaries = [
            " ".join(_sentence(rng) for _ in range(rng.randrange(1, 3))) for _ in range(6000)
        ]

    def title(self, year: int) -> str:
        """A headline such as "UBND thị xã triển khai kế hoạch … năm 2024"."""
        rng = self.rng
        title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        tail = rng.randrange(3)
        if tail == 0:
            title += f" {rng.choice(PLACES)}"
        elif tail == 1:
            title += f" {rng.choice(PERIODS)} {year}"
        return title

    def body(self) -> str:
        """Five to nine paragraphs, sometimes with a subheading: about 3 KB of HTML."""
        rng = self.rng
        parts = [f"<p>{p}</p>" for p in rng.sample(self.paragraphs, rng.randrange(5, 10))]
        if rng.random() < 0.3:
            parts.insert(2, f"<h2>{rng.choice(OBJECTS).capitalize()}</h2>")
        return "".join(parts)


def article_rows(count: int, category_ids: list[int], seed: int):
    """Yield batches of article rows: ~95 % public, drafts and the like, some scheduled."""
    rng = random.Random(seed)
    pool = TextPool(rng)
    now = utcnow()
    span = YEARS * 365 * 24 * 3600
    batch = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.005:
            status, published = "published", now + timedelta(hours=rng.randrange(2, 24 * 30))
        elif roll < 0.055:
            status = rng.choice(("draft", "draft", "pending", "unpublished", "trash"))
            published = None if status != "unpublished" else now - timedelta(days=rng.random())
        else:
            status = "published"
            # Spread over ten years, denser in recent years, strictly increasing for realism.
            published = now - timedelta(seconds=span * (1 - (n + rng.random()) / count) ** 1.3)
        created = (published or now) - timedelta(minutes=rng.randrange(10, 3000))
        title = pool.title((published or now).year)
        has_image = rng.random() < 0.6
        caption = f"Quang cảnh {rng.choice(OBJECTS)} {rng.choice(PLACES)}." if has_image else ""
        batch.append(
            {
                "title": title,
                "slug": slugify(title),
                "summary": rng.choice(pool.summaries),
                "body": pool.body(),
                "byline": rng.choice(BYLINES),
                "source": rng.choice(SOURCES),
                "category_id": rng.choice(category_ids),
                "image_url": f"/media/bench/anh-{n % 500}.jpg" if has_image else "",
                "image_caption": caption,
                "image_alt": caption.rstrip("."),
                "is_featured": status == "published" and rng.random() < 0.02,
                "status": status,
                "published_at": published,
                "created_at": created,
                "updated_at": published or created,
                "view_count": int(rng.paretovariate(1.3) * 40),
            }
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _drop_sqlite(url: str) -> None:
    """Remove an SQLite database file and its WAL/SHM companions."""
    path = make_url(url).database
    if path:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)


def _recreate_postgres(url: str, drop: bool) -> None:
    """Create the PostgreSQL database (dropping it first when asked)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if drop:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
        ).scalar()
        if not exists:
            conn.execute(
                text(f"CREATE DATABASE \"{target.database}\" ENCODING 'UTF8' TEMPLATE template0")
            )
    admin.dispose()


def _prepare(url: str, drop: bool) -> None:
    """Start from an empty database when dropping, and make sure the database exists."""
    if url.startswith("sqlite"):
        if drop:
            _drop_sqlite(url)
        Path(make_url(url).database).parent.mkdir(parents=True, exist_ok=True)
    else:
        _recreate_postgres(url, drop)


def _existing(url: str) -> int | None:
    """How many articles the database holds, None when it has no schema yet."""
    if url.startswith("sqlite") and not Path(make_url(url).database).exists():
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM article")).scalar_one()
    except Exception:
        return None
    finally:
        engine.dispose()


def migrate(url: str) -> None:
    """Bring the database's schema up to the latest migrations."""
    app = bench_app(url)
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="heads")
        db.engine.dispose()


def _drop_inverted_indexes(engine) -> list[str]:
    """PostgreSQL: drop the article table's GIN/GiST indexes; return their definitions.

    Building a full-text index once after the load is many times faster than updating
    it row by row.
    """
    if engine.dialect.name != "postgresql":
        return []
    with engine.begin() as conn:
        rows = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'article' "
                "AND (indexdef ILIKE '%USING gin%' OR indexdef ILIKE '%USING gist%')"
            )
        ).all()
        for name, _definition in rows:
            conn.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _name, definition in rows]


def build(url: str, articles: int, seed: int = 42, quiet: bool = False) -> None:
    """Migrate the database and fill it with categories, settings and articles."""
    say = (lambda *_a, **_k: None) if quiet else print
    started = time.monotonic()
    app = bench_app(url)
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="heads")
        if db.session.get(SiteSettings, 1) is None:
            db.session.add(
                SiteSettings(
                    id=1,
                    portal_name="Cổng thông tin điện tử thị xã An Hòa",
                    agency_name="Ủy ban nhân dân thị xã An Hòa",
                    address="Số 1 đường Trần Hưng Đạo, phường An Hòa",
                    phone="0200 3 123 456",
                    email="ubnd@anhoa.example.vn",
                )
            )
        for position, (name, description) in enumerate(CATEGORIES, 1):
            db.session.add(
                Category(
                    name=name,
                    slug=slugify(name),
                    description=description,
                    position=position,
                    in_menu=True,
                    on_home=position <= 5,
                )
            )
        db.session.commit()
        category_ids = list(db.session.execute(select(Category.id)).scalars())
        db.session.close()
        engine = db.engine
        table = Article.__table__
        deferred = _drop_inverted_indexes(engine)
        done = 0
        for batch in article_rows(articles, category_ids, seed):
            with engine.begin() as conn:
                conn.execute(insert(table), batch)
            done += len(batch)
            elapsed = time.monotonic() - started
            say(f"\r  {done:>9,} / {articles:,} articles  ({elapsed:5.1f} s)", end="", flush=True)
        say()
        if deferred:
            say(f"  rebuilding {len(deferred)} full-text index(es) …", flush=True)
            with engine.begin() as conn:
                for definition in deferred:
                    conn.execute(text(definition))
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
            total = conn.execute(select(func.count()).select_from(table)).scalar_one()
        engine.dispose()
    say(f"Built {total:,} articles in {time.monotonic() - started:.1f} s: {url}")


def main(argv: list[str] | None = None) -> int:
    """Command line: build the bench database unless it is already there."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "target", nargs="?", help="SQLite path or database URL (default: instance/bench/)"
    )
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--force", action="store_true", help="rebuild even when complete")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.target and "://" in args.target:
        url = args.target
    elif args.target:
        url = f"sqlite:///{Path(args.target).resolve()}"
    else:
        url = bench_url("sqlite", args.articles)
    have = None if args.force else _existing(url)
    if have == args.articles:
        migrate(url)  # newer migrations may have arrived since the build
        print(f"Bench database ready ({have:,} articles): {url}")
        return 0
    if have is not None:
        print(f"Found {have:,} articles instead of {args.articles:,}: rebuilding.")
    _prepare(url, drop=True)
    build(url, args.articles, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write operations of the administration area: categories and site settings.

Each change is audited in the same transaction; none commits (the request does, once;
cms/core/unit_of_work.py). The cached menu follows the commit by itself
(``forget_on_commit`` in cms/content/services.py).
"""

from sqlalchemy import delete, func, select

from cms.audit.services import record
from cms.content.models import Article, Category, SlugRedirect
from cms.core.text import nfc, slugify
from cms.extensions import db
from cms.settings.models import SiteSettings
from cms.settings.services import EDITABLE, update_settings


class AdminError(ValueError):
    """A change that cannot be made, with a message for the administrator."""


def ordered_categories() -> list[Category]:
    """Every category in menu order."""
    return list(
        db.session.execute(select(Category).order_by(Category.position, Category.id)).scalars()
    )


def article_counts() -> dict[int, int]:
    """How many articles (any status) each category holds."""
    rows = db.session.execute(
        select(Article.category_id, func.count()).group_by(Article.category_id)
    ).all()
    return {category_id: count for category_id, count in rows}


def _clean_slug(name: str, slug: str) -> str:
    return slugify(slug or name, max_length=120)


def _check_slug_free(slug: str, category_id: int | None) -> None:
    taken = db.session.execute(
        select(Category.id).where(Category.slug == slug, Category.id != (category_id or 0))
    ).first()
    if taken:
        raise AdminError(f"Đường dẫn “{slug}” đã được một chuyên mục khác dùng.")


def _claim_slug(slug: str) -> None:
    """A slug now used by a category no longer redirects anywhere else."""
    db.session.execute(
        delete(SlugRedirect).where(SlugRedirect.kind == "category", SlugRedirect.old_slug == slug)
    )


def create_category(
    name: str, slug: str = "", description: str = "", in_menu: bool = True, on_home: bool = True
) -> Category:
    """Create a category at the end of the menu."""
    name = nfc(name)
    if not name:
        raise AdminError("Hãy nhập tên chuyên mục.")
    slug = _clean_slug(name, slug)
    _check_slug_free(slug, None)
    last = db.session.execute(select(func.max(Category.position))).scalar_one() or 0
    _claim_slug(slug)
    category = Category(
        name=name,
        slug=slug,
        description=nfc(description),
        position=last + 1,
        in_menu=in_menu,
        on_home=on_home,
    )
    db.session.add(category)
    db.session.flush()  # its id, for the audit entry
    record("category.create", "category", category.id, category.name)
    return category


def update_category(
    category: Category,
    name: str,
    slug: str = "",
    description: str = "",
    in_menu: bool = True,
    on_home: bool = True,
) -> str | None:
    """Rename or edit a category; when its slug changes, the old address answers 301.

    Returns the old slug when it changed, else None.
    """
    name = nfc(name)
    if not name:
        raise AdminError("Hãy nhập tên chuyên mục.")
    slug = _clean_slug(name, slug)
    _check_slug_free(slug, category.id)
    old_slug = category.slug if category.slug != slug else None
    if old_slug:
        _claim_slug(slug)
        existing = db.session.execute(
            select(SlugRedirect).where(
                SlugRedirect.kind == "category", SlugRedirect.old_slug == old_slug
            )
        ).scalar_one_or_none()
        if existing is None:
            db.session.add(SlugRedirect(kind="category", old_slug=old_slug, target_id=category.id))
        else:
            existing.target_id = category.id
    category.name = name
    category.slug = slug
    category.description = nfc(description)
    category.in_menu = in_menu
    category.on_home = on_home
    detail = category.name + (f" ({old_slug} → {slug})" if old_slug else "")
    record("category.update", "category", category.id, detail)
    return old_slug


def move_category(category: Category, step: int) -> bool:
    """Move a category one place up (-1) or down (+1) in the menu; False at either end."""
    ordered = ordered_categories()
    index = next(i for i, c in enumerate(ordered) if c.id == category.id)
    other = index + step
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    record("category.move", "category", category.id, f"{category.name} ({step:+d})")
    return True


def toggle_category(category: Category, flag: str) -> bool:
    """Flip ``in_menu`` or ``on_home``; return the new value."""
    if flag not in ("in_menu", "on_home"):
        raise AdminError(flag)
    value = not getattr(category, flag)
    setattr(category, flag, value)
    record("category.toggle", "category", category.id, f"{category.name}: {flag}={value}")
    return value


def delete_category(category: Category) -> None:
    """Delete an empty category; one that still holds articles (even trashed) is refused."""
    count = db.session.execute(
        select(func.count()).select_from(Article).where(Article.category_id == category.id)
    ).scalar_one()
    if count:
        raise AdminError(
            f"Không thể xóa chuyên mục “{category.name}” vì còn {count} bài viết "
            "(kể cả bài trong thùng rác). Hãy chuyển các bài đó sang chuyên mục khác trước."
        )
    db.session.execute(
        delete(SlugRedirect).where(
            SlugRedirect.kind == "category", SlugRedirect.target_id == category.id
        )
    )
    record("category.delete", "category", category.id, category.name)
    db.session.delete(category)


def save_settings(values: dict) -> list[str]:
    """Store the settings form's values; return the names of the fields that changed."""
    values = {name: values[name] for name in EDITABLE if name in values}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip() if name != "monitoring_snippet" else value
    current = db.session.get(SiteSettings, 1)
    changed = [
        name for name, value in values.items() if current is None or getattr(current, name) != value
    ]
    update_settings(**values)
    if changed:
        record("settings.update", "settings", 1, ", ".join(changed))
    return changed

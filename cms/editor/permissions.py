"""Who may do what to an article: the one place that decides, per request.

``load_article`` is the ownership helper (404 when the article does not exist, 403 when
it is not yours and you are not an editor); ``allowed`` gives the booleans that views
check and templates use to show buttons.
"""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user

from cms.content.models import Article
from cms.extensions import db


@dataclass(frozen=True)
class Allowed:
    """What the current user may do to one article."""

    edit: bool = False
    submit: bool = False
    publish: bool = False
    send_back: bool = False
    approve: bool = False
    unpublish: bool = False
    trash: bool = False
    restore: bool = False


def is_editor(user=None) -> bool:
    """Editors and admins review, publish and edit any article."""
    user = user or current_user
    return user.is_authenticated and user.has_role("editor")


def allowed(article: Article, user=None) -> Allowed:
    """The actions ``user`` (default: the current user) may take on ``article``."""
    user = user or current_user
    editor = is_editor(user)
    own = article.author_id == user.id
    status = article.status
    if not (editor or own):
        return Allowed()
    if status == "trash":
        return Allowed(restore=True)
    has_revision = article.pending_revision_id is not None
    return Allowed(
        edit=True,
        submit=own and status in ("draft", "unpublished"),
        publish=editor and status in ("draft", "pending", "unpublished"),
        send_back=editor and (status == "pending" or (status == "published" and has_revision)),
        approve=editor and status == "published" and has_revision,
        unpublish=editor and status == "published",
        trash=editor or status in ("draft", "pending", "unpublished"),
    )


def load_article(article_id: int, need: str | None = None) -> Article:
    """The article for this request: 404 if missing, 403 if not the user's to see or do.

    ``need`` names an Allowed field ("edit", "publish", …) the user must have.
    """
    article = db.session.get(Article, article_id)
    if article is None:
        abort(404)
    if not (is_editor() or article.author_id == current_user.id):
        abort(403)
    if need is not None and not getattr(allowed(article), need):
        abort(403)
    return article

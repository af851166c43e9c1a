"""The editor area: dashboard, article list and form, life cycle, revisions, moderation."""

from pathlib import Path
from types import SimpleNamespace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from cms.content import queries
from cms.content.models import REVISION_FIELDS, Article, ArticleRevision, Category
from cms.core.access import role_required
from cms.core.formatting import format_datetime, local_to_utc, to_local, utcnow
from cms.core.forms import JsonFormError, json_formdata
from cms.core.pagination import Page, check_in_range, page_arg
from cms.core.text import nfc, slugify
from cms.core.urls import id_arg
from cms.editor import services
from cms.editor.blueprint import bp
from cms.editor.diff import compare
from cms.editor.forms import ActionForm, ArticleForm, NoteForm, ScheduleForm, VersionForm
from cms.editor.permissions import allowed, is_editor, load_article
from cms.extensions import db
from cms.media import services as media_services
from cms.users.models import User

PER_PAGE = 20
DASHBOARD_ROWS = 10
LIST_STATUSES = ("draft", "pending", "published", "scheduled", "unpublished", "trash")


def rich_editor_ready() -> bool:
    """True when `make assets` has put the WYSIWYG editor under static/vendor/."""
    return Path(current_app.static_folder or "", "vendor/quill/quill.js").is_file()


def _category_choices() -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in queries.all_categories()]


def _category_names() -> dict[int, str]:
    return {c.id: c.name for c in queries.all_categories()}


# ---------------------------------------------------------------- dashboard and lists


def _article_rows(query, limit: int, offset: int = 0, oldest_first: bool = False):
    """Rows for an article table: the article's list columns and the author's name,
    most recently updated first (or oldest first, as the review queue wants)."""
    order = (Article.updated_at, Article.id)
    if not oldest_first:
        order = tuple(column.desc() for column in order)
    return db.session.execute(
        query.add_columns(User.username, User.full_name)
        .outerjoin(User, Article.author_id == User.id)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    ).all()


def _list_select():
    return select(
        Article.id,
        Article.title,
        Article.slug,
        Article.status,
        Article.published_at,
        Article.updated_at,
        Article.category_id,
        Article.author_id,
        Article.pending_revision_id,
        Article.review_note,
    )


@bp.get("/")
def dashboard():
    """My drafts, my articles sent back with the editors' notes, and the review queue."""
    mine = _list_select().where(Article.author_id == current_user.id)
    drafts = _article_rows(
        mine.where(Article.status == "draft", Article.review_note == ""), DASHBOARD_ROWS
    )
    returned = _article_rows(
        mine.where(Article.review_note != "", Article.status != "trash"), DASHBOARD_ROWS
    )
    waiting = _article_rows(mine.where(services.queue_filter()), DASHBOARD_ROWS)
    editor = is_editor()
    queue = (
        _article_rows(_list_select().where(services.queue_filter()), DASHBOARD_ROWS)
        if editor
        else []
    )
    return render_template(
        "editor/dashboard.html",
        drafts=drafts,
        returned=returned,
        waiting=waiting,
        queue=queue,
        queue_total=services.queue_count() if editor else 0,
        categories_by_id=_category_names(),
        status_of=services.status_of,
        status_labels=services.STATUS_LABELS,
    )


@bp.get("/bai-viet")
def article_list():
    """Articles with filters (status, category, author, text) and page numbers."""
    page = page_arg()
    status = request.args.get("trang-thai", "")
    category = id_arg("chuyen-muc")
    author = id_arg("tac-gia")
    text = nfc(request.args.get("q", ""))[:200]
    query = _list_select()
    if not is_editor():
        query = query.where(Article.author_id == current_user.id)
    elif author:
        query = query.where(Article.author_id == author)
    now = utcnow()
    if status == "scheduled":
        query = query.where(Article.status == "published", Article.published_at > now)
    elif status == "published":
        query = query.where(Article.public_filter(now))
    elif status in LIST_STATUSES:
        query = query.where(Article.status == status)
    else:
        status = ""
        query = query.where(Article.status != "trash")
    if category:
        query = query.where(Article.category_id == category)
    if text:
        matches = [Article.title.icontains(text, autoescape=True)]
        if any(ch.isalnum() for ch in text):
            # Through the slug, the text matches without its diacritics. (Text with no
            # letter or digit would slugify to the fallback "bai-viet".)
            matches.append(Article.slug.contains(slugify(text), autoescape=True))
        query = query.where(or_(*matches))
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    check_in_range(page, total, PER_PAGE)
    rows = _article_rows(query, PER_PAGE, offset=(page - 1) * PER_PAGE)
    authors = (
        db.session.execute(
            select(User.id, User.username, User.full_name).order_by(User.username)
        ).all()
        if is_editor()
        else []
    )
    return render_template(
        "editor/article_list.html",
        pager=Page(rows, page, PER_PAGE, total),
        filters={"status": status, "category": category, "author": author, "q": text},
        statuses=LIST_STATUSES,
        status_labels=services.STATUS_LABELS,
        status_of=services.status_of,
        authors=authors,
        categories_by_id=_category_names(),
    )


@bp.get("/duyet-bai")
@role_required("editor")
def review_queue():
    """Articles awaiting review: submitted drafts and reporters' edits of published ones."""
    rows = _article_rows(_list_select().where(services.queue_filter()), 200, oldest_first=True)
    return render_template(
        "editor/review_queue.html", rows=rows, categories_by_id=_category_names()
    )


# ---------------------------------------------------------------- the article form


def _form_fields(form: ArticleForm) -> dict:
    """The article fields from a validated form (published_at converted to UTC)."""
    data = {name: getattr(form, name).data for name in REVISION_FIELDS if name != "published_at"}
    when = form.published_at.data
    data["published_at"] = local_to_utc(when) if when else None
    return data


def _fill_form(form: ArticleForm, source) -> None:
    """Load an article's (or a revision's) fields into a fresh form."""
    for name in REVISION_FIELDS:
        if name == "published_at":
            value = source.published_at
            form.published_at.data = to_local(value).replace(tzinfo=None) if value else None
        else:
            getattr(form, name).data = getattr(source, name)


def _upload_refusal(form: ArticleForm) -> int | None:
    """Store an image sent with the form; on refusal put the message on the field and
    return the HTTP status to answer with (None when stored, or when no image was sent).

    The image is stored before the article: a refused image (a full or read-only media
    storage among the reasons) saves no article, and the form comes back with the text.
    """
    upload = form.image_file.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        media = media_services.store_upload(
            upload.read(),
            upload.filename,
            current_user,
            alt=form.image_alt.data or "",
            caption=form.image_caption.data or "",
        )
    except media_services.UploadError as exc:
        form.image_file.errors = [*form.image_file.errors, str(exc)]
        return exc.status
    form.image_url.data = media.url("medium")
    return None


def _render_form(form, article=None, status=200, conflict=None, pending_revision=None):
    can = allowed(article) if article is not None else None
    status_key = services.status_of(article) if article is not None else None
    return (
        render_template(
            "editor/article_form.html",
            form=form,
            article=article,
            can=can,
            can_publish=is_editor(),
            conflict=conflict,
            pending_revision=pending_revision,
            status_key=status_key,
            status_label=services.STATUS_LABELS[status_key] if status_key else None,
            rich_editor=rich_editor_ready(),
            autosave=article is None or article.status == "draft",
            autosave_seconds=current_app.config.get("AUTOSAVE_SECONDS", 30),
            note_form=NoteForm(),
            upload_limit=current_app.config.get("MAX_CONTENT_LENGTH") or 0,
        ),
        status,
    )


def _publish(article: Article, when) -> None:
    """Publish now or at ``when`` (UTC), and say which it was."""
    if services.publish(article, current_user, when):
        flash(
            _("Đã hẹn giờ xuất bản lúc %(when)s.")
            % {"when": format_datetime(article.published_at)},
            "success",
        )
    else:
        flash(_("Đã xuất bản bài viết."), "success")


def _after_save(article: Article, action: str, pending: bool):
    """Carry out the button pressed with the save: submit or publish; then redirect."""
    can = allowed(article)
    if action == "submit" and can.submit:
        services.submit(article, current_user)
        flash(_("Đã gửi bài viết để biên tập viên duyệt."), "success")
    elif action == "publish" and can.publish:
        _publish(article, article.published_at)
    elif pending:
        flash(
            _(
                "Đã lưu bản sửa; bản đang đăng vẫn giữ nguyên cho đến khi "
                "biên tập viên duyệt bản sửa."
            ),
            "success",
        )
    else:
        flash(_("Đã lưu bài viết."), "success")
    return redirect(url_for(".article_edit", article_id=article.id))


@bp.route("/bai-viet/moi", methods=["GET", "POST"])
def article_new():
    """Write a new article (saved as a draft by its author)."""
    form = ArticleForm()
    form.category_id.choices = _category_choices()
    if not form.category_id.choices:
        flash(_("Chưa có chuyên mục nào. Quản trị viên cần tạo chuyên mục trước."), "error")
    if request.method == "POST":
        refused = _upload_refusal(form) if form.validate() else 400
        if refused is None:
            result = services.create_article(_form_fields(form), current_user)
            return _after_save(result.article, request.form.get("action", "save"), False)
        return _render_form(form, status=refused)
    return _render_form(form)


@bp.route("/bai-viet/<id:article_id>/sua", methods=["GET", "POST"])
def article_edit(article_id: int):
    """Edit an article; a stale version is refused and the typed text is shown again."""
    article = load_article(article_id, "edit")
    form = ArticleForm()
    form.category_id.choices = _category_choices()
    pending_revision = (
        db.session.get(ArticleRevision, article.pending_revision_id)
        if article.pending_revision_id is not None
        else None
    )
    if request.method == "GET":
        # A reporter continues from his pending edit; an editor sees what is online.
        _fill_form(form, pending_revision if pending_revision and not is_editor() else article)
        form.version.data = article.version
        return _render_form(form, article, pending_revision=pending_revision)
    refused = _upload_refusal(form) if form.validate() else 400
    if refused is not None:
        return _render_form(form, article, refused, pending_revision=pending_revision)
    try:
        result = services.save_article(
            article, _form_fields(form), current_user, form.version.data or 0
        )
    except services.EditConflict as exc:
        db.session.rollback()
        article = db.session.get(Article, article_id)
        form.version.data = exc.current_version
        form.version.raw_data = [str(exc.current_version)]
        conflict = {
            "version": exc.current_version,
            "updated_at": article.updated_at,
        }
        return _render_form(form, article, 409, conflict, pending_revision)
    return _after_save(result.article, request.form.get("action", "save"), result.pending)


def _autosave_response(article: Article):
    return {
        "ok": True,
        "id": article.id,
        "version": article.version,
        "saved_at": format_datetime(utcnow()),
        "edit_url": url_for(".article_edit", article_id=article.id),
        "autosave_url": url_for(".article_autosave", article_id=article.id),
    }


def _autosave_form() -> ArticleForm | tuple:
    """The autosave's JSON body (CSRF token in the header) as a validated article form,
    or the 400 answer naming what is wrong (a number as the title, say)."""
    form = ArticleForm(formdata=None, meta={"csrf": False})
    form.category_id.choices = _category_choices()
    try:
        form.process(json_formdata(form, request.get_json(silent=True)))
    except JsonFormError as exc:
        errors = {exc.field: [str(exc)]} if exc.field else {}
        return {"ok": False, "message": str(exc), "errors": errors}, 400
    if not form.validate():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return {
            "ok": False,
            "message": _("Chưa tự lưu được: hãy kiểm tra các ô."),
            "errors": errors,
        }, 400
    return form


@bp.post("/bai-viet/tu-luu")
def article_autosave_new():
    """Autosave of an article never saved yet: creates the draft."""
    form = _autosave_form()
    if isinstance(form, tuple):
        return form
    result = services.create_article(_form_fields(form), current_user)
    return _autosave_response(result.article), 201


@bp.post("/bai-viet/<id:article_id>/tu-luu")
def article_autosave(article_id: int):
    """Autosave a draft (JSON, CSRF token in the X-CSRFToken header); checks the version."""
    article = load_article(article_id, "edit")
    if article.status != "draft":
        return {"ok": False, "message": _("Chỉ bản nháp được tự lưu.")}, 409
    form = _autosave_form()
    if isinstance(form, tuple):
        return form
    try:
        services.save_article(
            article, _form_fields(form), current_user, form.version.data or 0, kind="autosave"
        )
    except services.EditConflict as exc:
        db.session.rollback()
        return {
            "ok": False,
            "conflict": True,
            "version": exc.current_version,
            "message": _(
                "Bài viết vừa được người khác lưu. Chưa tự lưu; hãy lưu thủ công để "
                "xem hướng dẫn giữ nội dung của bạn."
            ),
        }, 409
    return _autosave_response(article)


# ---------------------------------------------------------------- life cycle buttons


def _state_change(article_id: int, need: str, change, message: str):
    """Run one life-cycle step, ``change(article, user)``, behind a CSRF-protected button,
    then go back to the form."""
    article = load_article(article_id, need)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        change(article, current_user)
    except services.InvalidTransition:
        db.session.rollback()
        flash(_("Không thể làm thao tác này với bài viết ở trạng thái hiện tại."), "error")
    else:
        flash(message, "success")
    target = "article_edit" if article.status != "trash" else "article_list"
    args = {"article_id": article.id} if target == "article_edit" else {}
    return redirect(url_for(f".{target}", **args))


@bp.post("/bai-viet/<id:article_id>/gui-duyet")
def article_submit(article_id: int):
    """Send a draft for review."""
    return _state_change(
        article_id,
        "submit",
        services.submit,
        _("Đã gửi bài viết để biên tập viên duyệt."),
    )


@bp.post("/bai-viet/<id:article_id>/xuat-ban")
def article_publish(article_id: int):
    """Publish now, or schedule when a time ahead is given (editors)."""
    article = load_article(article_id, "publish")
    form = ScheduleForm()
    if not form.validate_on_submit():
        flash(_("Thời điểm xuất bản không hợp lệ."), "error")
        return redirect(url_for(".article_edit", article_id=article.id))
    _publish(article, local_to_utc(form.published_at.data) if form.published_at.data else None)
    if request.form.get("from_queue"):
        return redirect(url_for(".review_queue"))
    return redirect(url_for(".article_edit", article_id=article.id))


@bp.post("/bai-viet/<id:article_id>/tra-lai")
def article_return(article_id: int):
    """Send a pending article, or a pending revision, back to its author with a note."""
    article = load_article(article_id, "send_back")
    form = NoteForm()
    if not form.validate_on_submit():
        flash(_("Hãy ghi rõ lý do trả lại."), "error")
        return redirect(url_for(".article_edit", article_id=article.id))
    services.send_back(article, current_user, form.note.data)
    flash(_("Đã trả bài viết về cho tác giả kèm ghi chú."), "success")
    return redirect(url_for(".review_queue"))


@bp.post("/bai-viet/<id:article_id>/duyet-ban-sua")
def revision_approve(article_id: int):
    """Apply a reporter's pending edit of a published article."""
    return _state_change(
        article_id,
        "approve",
        services.approve_revision,
        _("Đã duyệt và đăng bản sửa."),
    )


@bp.post("/bai-viet/<id:article_id>/go")
def article_unpublish(article_id: int):
    """Take a published article off the site."""
    return _state_change(
        article_id,
        "unpublish",
        services.unpublish,
        _("Đã gỡ bài viết khỏi cổng."),
    )


@bp.post("/bai-viet/<id:article_id>/xoa")
def article_trash(article_id: int):
    """Move an article to the trash."""
    return _state_change(
        article_id,
        "trash",
        services.trash,
        _("Đã chuyển bài viết vào thùng rác; có thể khôi phục."),
    )


@bp.post("/bai-viet/<id:article_id>/khoi-phuc")
def article_restore(article_id: int):
    """Bring an article back from the trash."""
    return _state_change(
        article_id,
        "restore",
        services.restore,
        _("Đã khôi phục bài viết."),
    )


# ---------------------------------------------------------------- preview and revisions


@bp.get("/bai-viet/<id:article_id>/xem-truoc")
def article_preview(article_id: int):
    """The exact public rendering of the article, or of one of its revisions."""
    article = load_article(article_id)
    # Every column of the article (the public template may use any), then a revision's.
    fields = {column.key: getattr(article, column.key) for column in Article.__table__.columns}
    revision_id = id_arg("phien-ban")
    if revision_id is not None:
        revision = db.session.get(ArticleRevision, revision_id)
        if revision is None or revision.article_id != article.id:
            abort(404)
        fields.update(revision.fields())
    shown = SimpleNamespace(**fields)
    category = db.session.get(Category, shown.category_id) or abort(404)
    response = render_template(
        "public/article.html",
        article=shown,
        category=category,
        views=article.view_count,
        others=Page([], 1, 10, 0),
    )
    return response, 200, {"X-Robots-Tag": "noindex, nofollow"}


@bp.get("/bai-viet/<id:article_id>/phien-ban")
def revision_list(article_id: int):
    """Every saved revision of an article: who, when; compare two; restore one."""
    article = load_article(article_id)
    return render_template(
        "editor/revisions.html",
        article=article,
        revisions=services.revisions_of(article.id),
        kind_labels=services.KIND_LABELS,
        form=VersionForm(version=article.version),
        can=allowed(article),
    )


@bp.get("/bai-viet/<id:article_id>/so-sanh")
def revision_compare(article_id: int):
    """A readable line diff between two revisions (tu = older, den = newer)."""
    article = load_article(article_id)
    ids = [id_arg("tu"), id_arg("den")]
    revisions = []
    for rid in ids:
        revision = db.session.get(ArticleRevision, rid) if rid else None
        if revision is None or revision.article_id != article.id:
            abort(404)
        revisions.append(revision)
    old, new = sorted(revisions, key=lambda r: r.id)
    authors = {
        u.id: u.full_name or u.username
        for u in db.session.execute(
            select(User).where(User.id.in_({r.author_id for r in revisions if r.author_id}))
        ).scalars()
    }
    return render_template(
        "editor/compare.html",
        article=article,
        old=old,
        new=new,
        authors=authors,
        kind_labels=services.KIND_LABELS,
        changes=compare(old.fields(), new.fields(), _category_names()),
    )


@bp.post("/bai-viet/<id:article_id>/phien-ban/<id:revision_id>/khoi-phuc")
def revision_restore(article_id: int, revision_id: int):
    """Make an older revision the article's current content (as a new revision)."""
    article = load_article(article_id, "edit")
    revision = db.session.get(ArticleRevision, revision_id)
    if revision is None or revision.article_id != article.id:
        abort(404)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        result = services.restore_revision(article, revision, current_user, form.version.data)
    except services.EditConflict:
        db.session.rollback()
        flash(
            _(
                "Bài viết vừa được người khác lưu sau khi bạn mở trang này; chưa khôi phục. "
                "Hãy xem lại danh sách phiên bản rồi thử lại."
            ),
            "error",
        )
        return redirect(url_for(".revision_list", article_id=article_id))
    if result.pending:
        flash(_("Đã khôi phục thành bản sửa chờ biên tập viên duyệt."), "success")
    else:
        flash(_("Đã khôi phục phiên bản đã chọn (lưu thành phiên bản mới)."), "success")
    return redirect(url_for(".article_edit", article_id=article_id))

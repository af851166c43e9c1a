"""Administration pages; every route is for admins only (the blueprint's guard)."""

from datetime import datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from cms.admin import services
from cms.admin.forms import (
    ROLE_LABELS,
    AuditFilterForm,
    CategoryForm,
    RoleForm,
    SettingsForm,
    UserCreateForm,
)
from cms.admin.validators import format_links
from cms.audit import services as audit
from cms.content.models import Category
from cms.core.access import guard
from cms.core.formatting import local_to_utc
from cms.core.pagination import check_in_range, page_arg
from cms.core.urls import parse_id
from cms.extensions import db
from cms.settings.models import SiteSettings
from cms.users import services as users
from cms.users.models import User

bp = Blueprint("admin", __name__, url_prefix="/quan-tri/he-thong")
guard(bp, "admin")

AUDIT_PAGE_SIZE = 50


def _back_to(user: User):
    """Redirect to the account's page after a change (or a refused change)."""
    return redirect(url_for(".user_edit", user_id=user.id), 303)


def _other_user_or_404(user_id: int, refusal: str) -> User:
    """The account to change; refuse (flash and go back) when it is the acting admin's own."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(refusal, "error")
        abort(_back_to(user))
    return user


# --- users -------------------------------------------------------------------------------


@bp.get("/")
def index():
    """The administration area starts at the user list."""
    return redirect(url_for(".user_list"))


@bp.get("/nguoi-dung")
def user_list():
    """Every staff account, active ones first."""
    accounts = db.session.execute(
        select(User).order_by(User.is_active_account.desc(), User.username)
    ).scalars()
    return render_template("admin/users.html", users=list(accounts), roles=ROLE_LABELS)


@bp.route("/nguoi-dung/tao", methods=["GET", "POST"])
def user_create():
    """Create an account with a random first password, shown once."""
    form = UserCreateForm()
    if request.method == "GET":
        return render_template("admin/user_create.html", form=form)
    if not form.validate():
        return render_template("admin/user_create.html", form=form), 400
    password = users.random_password()
    try:
        user = users.create_user(
            form.username.data,
            form.role.data,
            password,
            full_name=form.full_name.data or "",
            email=(form.email.data or "").strip(),
            one_time=True,
        )
    except users.AccountError as exc:
        form.username.errors.append(str(exc))
        return render_template("admin/user_create.html", form=form), 400
    return render_template("admin/password_once.html", user=user, password=password, created=True)


@bp.get("/nguoi-dung/<id:user_id>")
def user_edit(user_id: int):
    """One account: its role, status and password reset."""
    user = db.get_or_404(User, user_id)
    return render_template(
        "admin/user_edit.html",
        user=user,
        role_form=RoleForm(role=user.role),
        roles=ROLE_LABELS,
        is_me=user.id == current_user.id,
    )


@bp.post("/nguoi-dung/<id:user_id>/vai-tro")
def user_role(user_id: int):
    """Change an account's role; its sessions end."""
    user = _other_user_or_404(user_id, _("Bạn không thể tự đổi vai trò của chính mình."))
    form = RoleForm()
    if not form.validate():
        flash(_("Vai trò không hợp lệ."), "error")
        return _back_to(user)
    users.change_role(user, form.role.data)
    flash(_("Đã cập nhật vai trò của %(name)s.", name=user.username), "success")
    return _back_to(user)


@bp.post("/nguoi-dung/<id:user_id>/vo-hieu-hoa")
def user_deactivate(user_id: int):
    """Deactivate an account; its sessions and remember-me cookies stop working."""
    user = _other_user_or_404(user_id, _("Bạn không thể tự vô hiệu hóa tài khoản của chính mình."))
    users.deactivate(user)
    flash(_("Đã vô hiệu hóa tài khoản %(name)s.", name=user.username), "success")
    return _back_to(user)


@bp.post("/nguoi-dung/<id:user_id>/kich-hoat")
def user_reactivate(user_id: int):
    """Let a deactivated account log in again."""
    user = db.get_or_404(User, user_id)
    users.reactivate(user)
    flash(_("Đã kích hoạt lại tài khoản %(name)s.", name=user.username), "success")
    return _back_to(user)


@bp.post("/nguoi-dung/<id:user_id>/dat-lai-mat-khau")
def user_reset_password(user_id: int):
    """Give an account a new random password, shown once on the answer page."""
    user = _other_user_or_404(user_id, _("Hãy đổi mật khẩu của chính bạn ở trang “Đổi mật khẩu”."))
    password = users.reset_password(user)
    return render_template("admin/password_once.html", user=user, password=password, created=False)


# --- categories --------------------------------------------------------------------------


def _category_values(form: CategoryForm) -> dict:
    """The category form's fields as the keyword arguments of create/update_category."""
    return {
        "name": form.name.data,
        "slug": form.slug.data or "",
        "description": form.description.data or "",
        "in_menu": form.in_menu.data,
        "on_home": form.on_home.data,
    }


@bp.get("/chuyen-muc")
def category_list():
    """Categories in menu order, with their article counts and buttons."""
    return render_template(
        "admin/categories.html",
        categories=services.ordered_categories(),
        counts=services.article_counts(),
    )


@bp.route("/chuyen-muc/tao", methods=["GET", "POST"])
def category_create():
    """Create a category at the end of the menu."""
    form = CategoryForm()
    if request.method == "GET":
        return render_template("admin/category_form.html", form=form, category=None)
    if not form.validate():
        return render_template("admin/category_form.html", form=form, category=None), 400
    try:
        category = services.create_category(**_category_values(form))
    except services.AdminError as exc:
        form.slug.errors.append(str(exc))
        return render_template("admin/category_form.html", form=form, category=None), 400
    flash(_("Đã tạo chuyên mục “%(name)s”.", name=category.name), "success")
    return redirect(url_for(".category_list"), 303)


@bp.route("/chuyen-muc/<id:category_id>/sua", methods=["GET", "POST"])
def category_edit(category_id: int):
    """Rename or edit a category; a changed slug keeps the old address working (301)."""
    category = db.get_or_404(Category, category_id)
    if request.method == "GET":
        form = CategoryForm(obj=category)
        return render_template("admin/category_form.html", form=form, category=category)
    form = CategoryForm()
    if not form.validate():
        return render_template("admin/category_form.html", form=form, category=category), 400
    try:
        services.update_category(category, **_category_values(form))
    except services.AdminError as exc:
        form.slug.errors.append(str(exc))
        return render_template("admin/category_form.html", form=form, category=category), 400
    flash(_("Đã lưu chuyên mục “%(name)s”.", name=category.name), "success")
    return redirect(url_for(".category_list"), 303)


@bp.post("/chuyen-muc/<id:category_id>/len")
def category_up(category_id: int):
    """Move a category one place up in the menu."""
    return _move(category_id, -1)


@bp.post("/chuyen-muc/<id:category_id>/xuong")
def category_down(category_id: int):
    """Move a category one place down in the menu."""
    return _move(category_id, 1)


def _move(category_id: int, step: int):
    category = db.get_or_404(Category, category_id)
    services.move_category(category, step)
    return redirect(url_for(".category_list", _anchor=f"cm-{category.id}"), 303)


@bp.post("/chuyen-muc/<id:category_id>/menu")
def category_toggle_menu(category_id: int):
    """Show or hide a category in the menu."""
    return _toggle(category_id, "in_menu")


@bp.post("/chuyen-muc/<id:category_id>/trang-chu")
def category_toggle_home(category_id: int):
    """Show or hide a category's block on the home page."""
    return _toggle(category_id, "on_home")


def _toggle(category_id: int, flag: str):
    category = db.get_or_404(Category, category_id)
    services.toggle_category(category, flag)
    return redirect(url_for(".category_list", _anchor=f"cm-{category.id}"), 303)


@bp.post("/chuyen-muc/<id:category_id>/xoa")
def category_delete(category_id: int):
    """Delete an empty category; one with articles is refused with the reason."""
    category = db.get_or_404(Category, category_id)
    name = category.name
    try:
        services.delete_category(category)
    except services.AdminError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".category_list"), 303)
    flash(_("Đã xóa chuyên mục “%(name)s”.", name=name), "success")
    return redirect(url_for(".category_list"), 303)


# --- settings ----------------------------------------------------------------------------


@bp.route("/cai-dat", methods=["GET", "POST"])
def settings():
    """Every site setting: the portal's name, the agency, the footer, the links."""
    row = db.session.get(SiteSettings, 1) or SiteSettings(id=1)
    if request.method == "GET":
        form = SettingsForm(obj=row)
        form.agency_links.data = format_links(row.agency_links)
        if form.visits_offset.data is None:
            form.visits_offset.data = 0
        return render_template("admin/settings.html", form=form)
    form = SettingsForm()
    if not form.validate():
        return render_template("admin/settings.html", form=form), 400
    values = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    values["agency_links"] = form.parsed_links
    values["visits_offset"] = form.visits_offset.data or 0
    values = {k: ("" if v is None else v) for k, v in values.items()}
    services.save_settings(values)
    flash(_("Đã lưu cài đặt cổng thông tin."), "success")
    return redirect(url_for(".settings"), 303)


# --- audit log ---------------------------------------------------------------------------


@bp.get("/nhat-ky")
def audit_log():
    """The audit log, newest first, filtered by user, action and date range."""
    form = AuditFilterForm(request.args)
    people = db.session.execute(select(User.id, User.username).order_by(User.username)).all()
    form.user.choices = [SelectChoice("", _("Mọi người dùng"))] + [
        SelectChoice(str(p.id), p.username) for p in people
    ]
    form.action.choices = [SelectChoice("", _("Mọi thao tác"))] + [
        SelectChoice(code, audit.action_label(code)) for code in audit.known_actions()
    ]
    page = page_arg()
    valid = form.validate()
    user_raw = request.args.get("user", "")
    actor_id = parse_id(user_raw)
    if user_raw and actor_id is None:
        form.user.errors = [_("Người dùng không hợp lệ.")]
        valid = False
    if not valid:
        return render_template(
            "admin/audit.html", form=form, entries=None, label=audit.action_label
        ), 400
    flt = audit.AuditFilter(
        actor_id=actor_id,
        action=(request.args.get("action") or "")[:40],
        since=local_to_utc(datetime.combine(form.since.data, time.min))
        if form.since.data
        else None,
        until=(
            local_to_utc(datetime.combine(form.until.data + timedelta(days=1), time.min))
            if form.until.data
            else None
        ),
    )
    entries = audit.search(flt, page, AUDIT_PAGE_SIZE)
    check_in_range(page, entries.total, AUDIT_PAGE_SIZE)
    return render_template("admin/audit.html", form=form, entries=entries, label=audit.action_label)

"""The login page, the logout button and the password change page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cms.audit.services import record
from cms.auth import services
from cms.auth.forms import LoginForm, PasswordChangeForm
from cms.auth.redirects import safe_next
from cms.core.access import role_required
from cms.users.passwords import verify_password
from cms.users.services import AccountError, set_password

bp = Blueprint("auth", __name__)


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    """Show the login form; on success go to ``next`` (a local path) or the dashboard."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(safe_next(form.next.data) or url_for("editor.dashboard"))
        return render_template("auth/login.html", form=form)
    if not form.validate():
        return render_template("auth/login.html", form=form), 400
    try:
        user = services.authenticate(form.username.data, form.password.data)
    except services.LoginRefused as refused:
        if refused.scope == "account":
            message = _(
                "Tài khoản này tạm thời bị khóa vì đăng nhập sai quá nhiều lần. "
                "Vui lòng thử lại sau %(minutes)d phút.",
                minutes=services.lockout_minutes(),
            )
        else:
            message = _(
                "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn. "
                "Vui lòng thử lại sau %(minutes)d phút.",
                minutes=services.lockout_minutes(),
            )
        abort(429, description=message)
    except services.AccountInactive:
        error = _("Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.")
        return render_template("auth/login.html", form=form, error=error), 403
    if user is None:
        error = _("Tên đăng nhập hoặc mật khẩu không đúng.")
        return render_template("auth/login.html", form=form, error=error), 401
    services.start_session(user, remember=bool(form.remember.data))
    return redirect(safe_next(form.next.data) or url_for("editor.dashboard"), 303)


@bp.post("/dang-xuat")
def logout():
    """Log out and end every other session of this account."""
    user = current_user._get_current_object() if current_user.is_authenticated else None
    services.end_session(user)
    flash(_("Bạn đã đăng xuất."), "success")
    return redirect(url_for("auth.login"), 303)


@bp.route("/quan-tri/tai-khoan/mat-khau", methods=["GET", "POST"])
@role_required("reporter")
def password_change():
    """Change one's own password; other sessions and remember-me cookies end."""
    form = PasswordChangeForm()
    if request.method == "GET":
        return render_template("auth/password.html", form=form)
    if not form.validate():
        return render_template("auth/password.html", form=form), 400
    user = current_user._get_current_object()
    if not verify_password(user.password_hash, form.current_password.data):
        form.current_password.errors.append(_("Mật khẩu hiện tại không đúng."))
        return render_template("auth/password.html", form=form), 400
    try:
        set_password(user, form.new_password.data)
    except AccountError as exc:
        form.new_password.errors.append(str(exc))
        return render_template("auth/password.html", form=form), 400
    record("password.change", "user", user.id, actor=user)
    services.restart_session(user)
    flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
    return redirect(url_for("auth.password_change"), 303)

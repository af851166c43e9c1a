"""The login page, the logout button and the password change page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cms.auth import services
from cms.auth.forms import LoginForm, PasswordChangeForm
from cms.core.access import role_required, wants_json
from cms.core.redirects import safe_next
from cms.users.services import AccountError, set_password

bp = Blueprint("auth", __name__)
STAFF_PREFIX = "/quan-tri/"


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
        user, attempt = services.authenticate(form.username.data, form.password.data)
    except services.Throttled as refused:
        return _refused(refused, "auth/login.html", form=form)
    except services.AccountInactive:
        error = _("Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ quản trị viên.")
        return render_template("auth/login.html", form=form, error=error), 403
    if user is None:
        error = _("Tên đăng nhập hoặc mật khẩu không đúng.")
        return render_template("auth/login.html", form=form, error=error), 401
    services.start_session(user, remember=bool(form.remember.data), attempt=attempt)
    return redirect(safe_next(form.next.data) or url_for("editor.dashboard"), 303)


def _refusal_message(refused: services.Throttled) -> str:
    """What a throttled person reads: which limit, and how long to wait."""
    if refused.scope == "pair":
        return _(
            "Tài khoản này tạm thời bị khóa trên địa chỉ mạng của bạn vì nhập sai mật khẩu "
            "quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
            minutes=refused.minutes,
        )
    if refused.scope == "address":
        return _(
            "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn. "
            "Vui lòng thử lại sau %(minutes)d phút.",
            minutes=refused.minutes,
        )
    return _(
        "Tài khoản này đang bị thử mật khẩu quá nhiều lần, nên mỗi lần đăng nhập phải "
        "cách nhau vài giây. Vui lòng thử lại sau %(seconds)d giây.",
        seconds=refused.retry_after,
    )


def _refused(refused: services.Throttled, template: str, field=None, **context):
    """A 429 with Retry-After: the page again with the message (the form stays usable).

    The message is the page's ``error``, and also ``field``'s error when a field is given.
    """
    headers = {"Retry-After": str(refused.retry_after), "Cache-Control": "no-store"}
    message = _refusal_message(refused)
    if wants_json():
        return {"error": "Too Many Requests", "message": message}, 429, headers
    if field is not None:
        field.errors.append(message)
    return render_template(template, error=message, **context), 429, headers


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
    """Change one's own password; other sessions and remember-me cookies end.

    Wrong current passwords are throttled like logins; a one-time password leads here
    from every staff page until it is replaced.
    """
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    forced = user.must_change_password
    if request.method == "GET":
        return render_template("auth/password.html", form=form, forced=forced)
    if not form.validate():
        return render_template("auth/password.html", form=form, forced=forced), 400
    try:
        right = services.check_current_password(user, form.current_password.data)
    except services.Throttled as refused:
        return _refused(
            refused, "auth/password.html", form.current_password, form=form, forced=forced
        )
    if not right:
        form.current_password.errors.append(_("Mật khẩu hiện tại không đúng."))
        return render_template("auth/password.html", form=form, forced=forced), 400
    try:
        set_password(user, form.new_password.data, actor=user)
    except AccountError as exc:
        form.new_password.errors.append(str(exc))
        return render_template("auth/password.html", form=form, forced=forced), 400
    services.restart_session(user)
    flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
    return redirect(url_for("editor.dashboard" if forced else "auth.password_change"), 303)


@bp.before_app_request
def one_time_password_leads_to_the_change_form():
    """While the password is a one-time one, every staff page leads to the change form.

    Only staff paths are looked at (public pages never touch the session); logging out
    (``/dang-xuat``) and the change form itself stay open.
    """
    if not request.path.startswith(STAFF_PREFIX) or request.endpoint == "auth.password_change":
        return None
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if wants_json():
        abort(403, description=_("Bạn cần đổi mật khẩu một lần trước khi tiếp tục."))
    return redirect(url_for("auth.password_change"), 302 if request.method == "GET" else 303)

"""Forms of the login page and the password change page."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from cms.core.forms import BaseForm
from cms.core.text import nfc


class LoginForm(BaseForm):
    """User name, password and "remember me"."""

    username = StringField(
        _l("Tên đăng nhập"),
        validators=[
            DataRequired(_l("Hãy nhập tên đăng nhập.")),
            Length(max=64, message=_l("Tên đăng nhập dài tối đa 64 ký tự.")),
        ],
        # NFC and stripped before the length check: an NFD "Đức" is one name, not longer.
        filters=[nfc],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[DataRequired(_l("Hãy nhập mật khẩu.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Ghi nhớ đăng nhập trên máy này"))
    next = HiddenField()


class PasswordChangeForm(BaseForm):
    """The current password, then the new one twice."""

    current_password = PasswordField(
        _l("Mật khẩu hiện tại"),
        validators=[DataRequired(_l("Hãy nhập mật khẩu hiện tại.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("Mật khẩu mới"),
        validators=[DataRequired(_l("Hãy nhập mật khẩu mới.")), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(_l("Hãy nhập lại mật khẩu mới.")),
            EqualTo("new_password", _l("Hai lần nhập mật khẩu mới không khớp nhau.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )

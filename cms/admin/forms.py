"""Forms of the administration pages."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from cms.admin.validators import optional_email, parse_links
from cms.core.forms import BaseForm, LocalDateField
from cms.core.text import nfc

ROLE_LABELS = {
    "reporter": _l("Phóng viên"),
    "editor": _l("Biên tập viên"),
    "admin": _l("Quản trị viên"),
}


def role_choices() -> list[SelectChoice]:
    """The roles as select options, lowest first."""
    return [SelectChoice(value, label) for value, label in ROLE_LABELS.items()]


class UserCreateForm(BaseForm):
    """A new staff account; its first password is generated and shown once."""

    username = StringField(
        _l("Tên đăng nhập"),
        validators=[
            DataRequired(_l("Hãy nhập tên đăng nhập.")),
            Length(max=64, message=_l("Tên đăng nhập dài tối đa 64 ký tự.")),
        ],
        filters=[nfc],
        render_kw={"autocomplete": "off", "autocapitalize": "none"},
    )
    full_name = StringField(_l("Họ và tên"), validators=[Length(max=120)])
    email = StringField(
        _l("Thư điện tử"), validators=[Length(max=254), optional_email], render_kw={"type": "email"}
    )
    role = SelectField(_l("Vai trò"), choices=role_choices, default="reporter")


class RoleForm(BaseForm):
    """Change an account's role."""

    role = SelectField(_l("Vai trò"), choices=role_choices)


class CategoryForm(BaseForm):
    """Create or rename a category."""

    name = StringField(
        _l("Tên chuyên mục"),
        validators=[DataRequired(_l("Hãy nhập tên chuyên mục.")), Length(max=120)],
    )
    slug = StringField(
        _l("Đường dẫn (slug)"),
        validators=[Length(max=120)],
        description=_l(
            "Để trống để tạo tự động từ tên. Chỉ chữ thường không dấu, số và gạch ngang."
        ),
    )
    description = TextAreaField(_l("Mô tả"), validators=[Length(max=500)])
    in_menu = BooleanField(_l("Hiện trên thanh menu"), default=True)
    on_home = BooleanField(_l("Hiện thành khối trên trang chủ"), default=True)


class SettingsForm(BaseForm):
    """Every field of the site settings (header, footer, statistics offset)."""

    portal_name = StringField(
        _l("Tên cổng thông tin"),
        validators=[DataRequired(_l("Hãy nhập tên cổng thông tin.")), Length(max=200)],
    )
    tagline = StringField(_l("Khẩu hiệu / dòng giới thiệu"), validators=[Length(max=300)])
    agency_name = StringField(_l("Cơ quan chủ quản"), validators=[Length(max=200)])
    responsible_person = StringField(_l("Người chịu trách nhiệm"), validators=[Length(max=200)])
    license_info = StringField(_l("Giấy phép"), validators=[Length(max=300)])
    address = StringField(_l("Địa chỉ"), validators=[Length(max=300)])
    phone = StringField(_l("Điện thoại"), validators=[Length(max=60)])
    fax = StringField(_l("Fax"), validators=[Length(max=60)])
    email = StringField(
        _l("Thư điện tử"), validators=[Length(max=254), optional_email], render_kw={"type": "email"}
    )
    attribution_notice = TextAreaField(
        _l("Ghi chú khi phát hành lại thông tin"),
        validators=[Length(max=2000)],
        description=_l("Để trống để dùng câu mặc định có tên cổng."),
    )
    agency_links = TextAreaField(
        _l("Liên kết đến các cơ quan"),
        description=_l("Mỗi dòng một liên kết, theo mẫu: Tên | https://địa-chỉ"),
        render_kw={"rows": 6},
    )
    monitoring_snippet = TextAreaField(
        _l("Mã theo dõi (HTML, chèn nguyên văn vào cuối trang)"),
        validators=[Length(max=10000)],
        description=_l(
            "Chỉ dán mã do cơ quan có thẩm quyền cung cấp; mã này chạy trên mọi trang. "
            "Các thẻ script được phép chạy; thuộc tính sự kiện (onclick=, onload=…) và "
            "liên kết javascript: bị chặn. Nếu mã tải thêm tệp hoặc gửi dữ liệu tới máy chủ "
            "khác, quản trị hệ thống cần khai báo trong CSP_EXTRA_SCRIPT_SRC và "
            "CSP_EXTRA_CONNECT_SRC."
        ),
    )
    visits_offset = IntegerField(
        _l("Số lượt truy cập chuyển từ hệ thống cũ"),
        validators=[
            Optional(),
            NumberRange(min=0, max=10**12, message=_l("Hãy nhập một số không âm.")),
        ],
        default=0,
    )

    def validate_agency_links(self, field) -> None:
        """Every non-empty line must read "Name | https://url"."""
        links, errors = parse_links(field.data or "")
        if errors:
            raise ValidationError(" ".join(errors))
        self.parsed_links = links


class AuditFilterForm(BaseForm):
    """The audit log's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    user = SelectField(_l("Người dùng"), choices=[], validate_choice=False, default="")
    action = SelectField(_l("Hành động"), choices=[], validate_choice=False, default="")
    since = LocalDateField(_l("Từ ngày"), validators=[Optional()])
    until = LocalDateField(_l("Đến ngày"), validators=[Optional()])

    def validate_until(self, field) -> None:
        """The range must not end before it starts."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))

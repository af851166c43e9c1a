"""Forms of the editor area; every one carries a CSRF token."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from cms.content.sanitize import OWN_MEDIA
from cms.core.forms import BaseForm, LocalDateTimeField
from cms.core.urls import parse_id

MAX_BODY = 2_000_000


class ArticleForm(BaseForm):
    """Every editable field of an article, plus the version it was loaded at."""

    title = StringField(
        _l("Tiêu đề"),
        validators=[DataRequired(_l("Hãy nhập tiêu đề.")), Length(max=300)],
    )
    slug = StringField(
        _l("Đường dẫn (slug)"),
        validators=[
            Optional(),
            Length(max=120),
            Regexp(r"^[a-z0-9-]+$", message=_l("Chỉ dùng chữ thường không dấu, số và dấu gạch.")),
        ],
        description=_l("Để trống để tạo từ tiêu đề."),
    )
    # Anything but a valid id ('٣', 10**20) coerces to None, which validate_category_id refuses.
    category_id = SelectField(_l("Chuyên mục"), coerce=parse_id, validate_choice=False)
    summary = TextAreaField(_l("Tóm tắt"), validators=[Optional(), Length(max=2000)])
    body = TextAreaField(_l("Nội dung"), validators=[Optional(), Length(max=MAX_BODY)])
    image_url = StringField(
        _l("Ảnh đại diện"),
        validators=[
            Optional(),
            Length(max=500),
            Regexp(OWN_MEDIA.pattern, message=_l("Chỉ dùng ảnh trong thư viện ảnh của cổng.")),
        ],
    )
    image_file = FileField(_l("Hoặc tải ảnh mới lên"))
    image_caption = StringField(_l("Chú thích ảnh"), validators=[Optional(), Length(max=500)])
    image_alt = StringField(
        _l("Mô tả ảnh cho người khiếm thị (alt)"), validators=[Optional(), Length(max=300)]
    )
    byline = StringField(_l("Bút danh tác giả"), validators=[Optional(), Length(max=120)])
    source = StringField(_l("Nguồn"), validators=[Optional(), Length(max=300)])
    published_at = LocalDateTimeField(
        _l("Thời điểm xuất bản (giờ Việt Nam)"),
        validators=[Optional()],
        description=_l("Để trống để xuất bản ngay; chọn thời điểm sau này để hẹn giờ."),
    )
    is_featured = BooleanField(_l("Tin nổi bật"))
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def validate_category_id(self, field) -> None:
        """The category must be one of the offered choices."""
        if field.data not in {value for value, _label in field.choices or []}:
            raise ValidationError(_l("Hãy chọn chuyên mục."))


class NoteForm(BaseForm):
    """Send an article back to its author with a note."""

    note = TextAreaField(
        _l("Ghi chú cho tác giả"),
        validators=[DataRequired(_l("Hãy ghi rõ lý do trả lại.")), Length(max=2000)],
    )


class ScheduleForm(BaseForm):
    """Publish now, or at a time ahead."""

    published_at = LocalDateTimeField(
        _l("Thời điểm xuất bản (giờ Việt Nam)"), validators=[Optional()]
    )


class VersionForm(BaseForm):
    """A button that changes an article based on the version the person saw."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ActionForm(BaseForm):
    """An empty form: a POST button with its CSRF token."""


class UploadForm(BaseForm):
    """Upload an image to the media library."""

    file = FileField(_l("Tệp ảnh (JPEG, PNG, WebP, GIF)"))
    alt = StringField(_l("Mô tả ảnh (alt)"), validators=[Optional(), Length(max=300)])
    caption = StringField(_l("Chú thích"), validators=[Optional(), Length(max=500)])

"""The poll edit form and the small forms behind POST-only buttons."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from cms.core.formatting import local_to_utc
from cms.core.forms import BaseForm, LocalDateTimeField, SubForm
from cms.core.urls import parse_id
from cms.polls.services import MAX_OPTIONS, OptionInput, PollInput

VISIBILITY_CHOICES = [
    SelectChoice("always", _l("Luôn hiển thị")),
    SelectChoice("after_vote", _l("Sau khi bạn đọc đã bình chọn")),
    SelectChoice("after_close", _l("Chỉ sau khi kết thúc")),
]


class OptionForm(SubForm):
    """One option row: its id (empty for a new one), text, order and a delete box."""

    option_id = HiddenField()
    label = StringField(_l("Phương án"), validators=[Optional(), Length(max=200)])
    position = IntegerField(_l("Thứ tự"), validators=[Optional(), NumberRange(0, 999)])
    remove = BooleanField(_l("Xóa"))

    def validate_option_id(self, field) -> None:
        """An existing row's id, as the page sent it: ASCII digits of a database id ('٣' is not)."""
        raw = (field.data or "").strip()
        if raw and parse_id(raw) is None:
            raise ValidationError(_l("Danh sách phương án không hợp lệ."))


class PollForm(BaseForm):
    """Create or edit a poll."""

    question = StringField(
        _l("Câu hỏi"),
        validators=[DataRequired(message=_l("Hãy nhập câu hỏi.")), Length(max=300)],
    )
    options = FieldList(FormField(OptionForm), max_entries=MAX_OPTIONS + 10)
    multiple = BooleanField(_l("Cho phép chọn nhiều phương án"))
    max_choices = IntegerField(
        _l("Số phương án tối đa được chọn (khi chọn nhiều)"),
        default=2,
        validators=[Optional(), NumberRange(1, MAX_OPTIONS)],
    )
    opens_at = LocalDateTimeField(
        _l("Mở lúc (để trống: bản nháp)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    closes_at = LocalDateTimeField(
        _l("Đóng lúc (để trống: không hẹn)"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    results_visibility = SelectField(_l("Hiển thị kết quả"), choices=VISIBILITY_CHOICES)
    featured = BooleanField(_l("Hiển thị ở thanh bên của cổng"))

    def to_input(self) -> PollInput:
        """The submitted values as a PollInput (times converted from Vietnam time to UTC)."""
        rows = []
        for index, entry in enumerate(self.options.entries, start=1):
            raw_id = (entry.form.option_id.data or "").strip()
            rows.append(
                OptionInput(
                    option_id=parse_id(raw_id),
                    label=entry.form.label.data or "",
                    position=entry.form.position.data
                    if entry.form.position.data is not None
                    else index,
                    remove=bool(entry.form.remove.data),
                )
            )
        return PollInput(
            question=self.question.data or "",
            options=rows,
            multiple=bool(self.multiple.data),
            max_choices=self.max_choices.data or 2,
            opens_at=local_to_utc(self.opens_at.data) if self.opens_at.data else None,
            closes_at=local_to_utc(self.closes_at.data) if self.closes_at.data else None,
            results_visibility=self.results_visibility.data,
            featured=bool(self.featured.data),
        )


class ActionForm(BaseForm):
    """An empty form: the CSRF token of a POST-only button."""

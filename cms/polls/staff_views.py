"""Staff pages for polls under /quan-tri/binh-chon (editors; resetting votes: admins)."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cms.core.access import role_required
from cms.core.formatting import to_local
from cms.polls import queries, services
from cms.polls.blueprint import STAFF_PREFIX, bp
from cms.polls.forms import ActionForm, PollForm

ENDPOINT_LIST = "polls.staff_list"
BLANK_OPTION_ROWS = 3


def _poll_or_404(poll_id: int):
    """Any poll with its options, or a 404."""
    poll = queries.get_poll(poll_id)
    if poll is None:
        abort(404, description=_("Không tìm thấy câu hỏi bình chọn."))
    return poll


def _local_naive(value):
    """A stored UTC time as naive Vietnam time, for a datetime-local input."""
    return to_local(value).replace(tzinfo=None) if value else None


def _fill_form(form: PollForm, poll) -> None:
    """Put a poll's values (or blanks for a new poll) into the form for display."""
    if poll is not None:
        form.question.data = poll.question
        form.multiple.data = poll.multiple
        form.max_choices.data = poll.max_choices if poll.multiple else 2
        form.opens_at.data = _local_naive(poll.opens_at)
        form.closes_at.data = _local_naive(poll.closes_at)
        form.results_visibility.data = poll.results_visibility
        form.featured.data = poll.featured
        for opt in poll.options:
            form.options.append_entry(
                {"option_id": str(opt.id), "label": opt.label, "position": opt.position}
            )
    start = len(form.options.entries)
    blanks = BLANK_OPTION_ROWS if poll is not None else 4
    for n in range(blanks):
        form.options.append_entry({"option_id": "", "label": "", "position": start + n + 1})


def _votes_by_option(poll) -> dict:
    """Option id -> votes, for showing beside each row in the edit form."""
    return {opt.id: opt.vote_count for opt in poll.options} if poll else {}


@bp.get(STAFF_PREFIX)
def staff_list():
    """Every poll with its state, votes and actions."""
    return render_template(
        "polls/staff_list.html",
        polls=queries.staff_list(),
        action_form=ActionForm(),
        is_admin=current_user.has_role("admin"),
    )


@bp.route(f"{STAFF_PREFIX}/moi", methods=["GET", "POST"])
def staff_create():
    """Create a poll."""
    return _edit(None)


@bp.route(f"{STAFF_PREFIX}/<id:poll_id>", methods=["GET", "POST"])
def staff_edit(poll_id: int):
    """Edit a poll; votes never move to another option."""
    return _edit(_poll_or_404(poll_id))


def _edit(poll):
    """Show the edit form, or save it; a refused save keeps what was typed on screen."""
    form = PollForm()
    errors: list[str] = []
    if request.method == "GET":
        _fill_form(form, poll)
    elif form.validate_on_submit():
        try:
            saved = services.save_poll(poll, form.to_input())
        except services.PollEditError as exc:
            errors = exc.messages
        else:
            flash(_("Đã lưu câu hỏi bình chọn."), "success")
            return redirect(url_for(".staff_edit", poll_id=saved.id), 303)
    status = 400 if request.method == "POST" else 200
    return (
        render_template(
            "polls/staff_edit.html",
            form=form,
            poll=poll,
            errors=errors,
            votes=_votes_by_option(poll),
            action_form=ActionForm(),
            is_admin=current_user.has_role("admin"),
        ),
        status,
    )


def _checked_action():
    """Refuse a POST button whose CSRF token does not validate."""
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.post(f"{STAFF_PREFIX}/<id:poll_id>/mo")
def staff_open(poll_id: int):
    """Open a poll now."""
    _checked_action()
    poll = _poll_or_404(poll_id)
    services.open_now(poll)
    flash(_("Đã mở cuộc bình chọn."), "success")
    return redirect(url_for(".staff_list"), 303)


@bp.post(f"{STAFF_PREFIX}/<id:poll_id>/dong")
def staff_close(poll_id: int):
    """Close an open poll now."""
    _checked_action()
    poll = _poll_or_404(poll_id)
    if poll.state() != "open":
        flash(_("Chỉ đóng được cuộc bình chọn đang mở."), "error")
        return redirect(url_for(".staff_list"), 303)
    services.close_now(poll)
    flash(_("Đã đóng cuộc bình chọn."), "success")
    return redirect(url_for(".staff_list"), 303)


@bp.post(f"{STAFF_PREFIX}/<id:poll_id>/noi-bat")
def staff_feature(poll_id: int):
    """Show this poll in the sidebar of every public page (or stop showing it)."""
    _checked_action()
    poll = _poll_or_404(poll_id)
    turn_on = request.form.get("bat", "1") == "1"
    services.set_featured(poll, turn_on)
    if turn_on:
        flash(_("Thanh bên của cổng sẽ hiển thị câu hỏi này."), "success")
    else:
        flash(_("Đã bỏ câu hỏi này khỏi thanh bên."), "success")
    return redirect(url_for(".staff_list"), 303)


@bp.post(f"{STAFF_PREFIX}/<id:poll_id>/dat-lai")
@role_required("admin")
def staff_reset(poll_id: int):
    """Delete every vote of a poll (admins only; recorded in the audit log)."""
    _checked_action()
    poll = _poll_or_404(poll_id)
    removed = services.reset_votes(poll)
    flash(_("Đã xóa %(n)d phiếu của câu hỏi này.", n=removed), "success")
    return redirect(url_for(".staff_edit", poll_id=poll.id), 303)


@bp.post(f"{STAFF_PREFIX}/<id:poll_id>/xoa")
def staff_delete(poll_id: int):
    """Delete a poll that has no votes."""
    _checked_action()
    poll = _poll_or_404(poll_id)
    try:
        services.delete_poll(poll)
    except services.PollEditError as exc:
        flash(exc.messages[0], "error")
        return redirect(url_for(".staff_list"), 303)
    flash(_("Đã xóa câu hỏi bình chọn."), "success")
    return redirect(url_for(".staff_list"), 303)


@bp.get(f"{STAFF_PREFIX}/<id:poll_id>/ket-qua.csv")
def staff_export(poll_id: int):
    """The results as CSV (UTF-8 with BOM, so spreadsheets show Vietnamese correctly)."""
    poll = _poll_or_404(poll_id)
    body = queries.results_csv(poll)
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="binh-chon-{poll.id}-ket-qua.csv"',
            "Cache-Control": "no-store",
        },
    )

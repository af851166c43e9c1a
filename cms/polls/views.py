"""Public poll pages: a poll, its results, the vote, the per-visitor state, the archive."""

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from cms.core.access import wants_json
from cms.core.formatting import utcnow
from cms.core.pagination import check_in_range, page_arg
from cms.extensions import csrf
from cms.polls import queries
from cms.polls.blueprint import bp
from cms.polls.services import VoteError, cast_vote, parse_option_ids
from cms.polls.voters import (
    address_hash,
    current_voter_id,
    new_voter_id,
    same_origin,
    set_voter_cookie,
)

ARCHIVE_PAGE_SIZE = 10
PRIVATE = "private, no-store"


def _public_poll_or_404(poll_id: int):
    """A poll readers may see, or a 404 with a clear message."""
    poll = queries.fresh_poll(poll_id)
    if poll is None:
        abort(404, description=_("Không tìm thấy cuộc bình chọn này, hoặc nó chưa mở."))
    return poll


def _view_context(poll, voter_id: str | None, voted: bool | None = None) -> dict:
    """What the poll templates need about this poll for this reader."""
    now = utcnow()
    if voted is None:
        voted = queries.has_voted(poll.id, voter_id)
    state = poll.state(now)
    return {
        "poll": poll,
        "state": state,
        "voted": voted,
        "can_vote": state == "open" and not voted,
        "visible": queries.results_visible(poll, voted, now),
        "res": queries.results(poll),
    }


def _fragment(context: dict) -> str:
    """The results block (or why it is hidden), as HTML for the page or for polls.js."""
    return render_template("polls/_results.html", **context)


def _page(poll_id: int, results_only: bool):
    """Render the poll page or the results page for the current reader."""
    poll = _public_poll_or_404(poll_id)
    context = _view_context(poll, current_voter_id())
    thanks = results_only and request.args.get("cam-on") == "1" and context["voted"]
    html = render_template(
        "polls/poll.html",
        results_only=results_only,
        message=_("Cảm ơn bạn đã bình chọn.") if thanks else None,
        message_kind="success",
        **context,
    )
    response = make_response(html)
    response.headers["Cache-Control"] = PRIVATE
    return response


@bp.get("/binh-chon/<id:poll_id>")
def poll_show(poll_id: int):
    """A poll: its voting form while open and not yet voted, and its results if visible."""
    return _page(poll_id, results_only=False)


@bp.get("/binh-chon/<id:poll_id>/ket-qua")
def poll_results(poll_id: int):
    """The results page ("Kết quả"): counts, percentages, bars, total, dates."""
    return _page(poll_id, results_only=True)


@bp.get("/binh-chon")
def poll_current():
    """The current sidebar poll, or the archive when there is none."""
    current = queries.sidebar_poll()
    if current is None:
        return redirect(url_for(".poll_archive"))
    return redirect(url_for(".poll_show", poll_id=current.id))


@bp.get("/binh-chon/luu-tru")
def poll_archive():
    """Past polls with their results, newest first, with page numbers."""
    page = page_arg()
    pager = queries.archive(page, ARCHIVE_PAGE_SIZE)
    check_in_range(page, pager.total, ARCHIVE_PAGE_SIZE)
    entries = [(poll, queries.results(poll)) for poll in pager.items]
    return render_template("polls/archive.html", polls_page=pager, entries=entries)


@bp.get("/binh-chon/<id:poll_id>/trang-thai")
def poll_state(poll_id: int):
    """This reader's state for a poll (voted? results?), never cached; sets the voter cookie."""
    poll = queries.fresh_poll(poll_id)
    if poll is None:
        return _json_error(404, "not_found", _("Không tìm thấy cuộc bình chọn này."))
    voter_id = current_voter_id()
    context = _view_context(poll, voter_id)
    response = jsonify(
        ok=True,
        poll=poll.id,
        state=context["state"],
        voted=context["voted"],
        can_vote=context["can_vote"],
        results_visible=context["visible"],
        html=_fragment(context) if context["voted"] or not context["can_vote"] else "",
    )
    response.headers["Cache-Control"] = PRIVATE
    if voter_id is None:
        set_voter_cookie(response, new_voter_id())
    return response


def _json_error(status: int, code: str, message: str, html: str = ""):
    """A JSON refusal polls.js can show in place."""
    response = jsonify(ok=False, code=code, message=message, html=html)
    response.status_code = status
    response.headers["Cache-Control"] = PRIVATE
    return response


def _submitted_option_ids() -> list[int]:
    """The option ids of the request: form fields ``option`` or JSON ``{"options": [...]}``."""
    if request.is_json:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise VoteError("malformed", 400, _("Dữ liệu bình chọn không hợp lệ."))
        values = payload.get("options", [])
        return parse_option_ids(values if isinstance(values, list) else [values])
    return parse_option_ids(request.form.getlist("option"))


@bp.post("/binh-chon/<id:poll_id>")
@csrf.exempt
def poll_vote(poll_id: int):
    """Cast a vote: a plain form POST (then the results page) or a background fetch (JSON).

    Exempt from the session CSRF token, which a cached page cannot carry; forgery is
    refused by the Origin/Referer check and the SameSite=Lax voter cookie instead.
    """
    as_json = wants_json()
    if not same_origin():
        message = _("Yêu cầu bình chọn không hợp lệ: hãy bình chọn từ trang của cổng.")
        if as_json:
            return _json_error(403, "cross_site", message)
        abort(403, description=message)
    poll = queries.poll_definition(poll_id)
    if poll is None:
        message = _("Không tìm thấy cuộc bình chọn này, hoặc nó chưa mở.")
        if as_json:
            return _json_error(404, "not_found", message)
        abort(404, description=message)
    voter_id = current_voter_id()
    fresh_voter = voter_id is None
    if fresh_voter:
        voter_id = new_voter_id()
    try:
        counts = cast_vote(poll, _submitted_option_ids(), voter_id, address_hash())
    except VoteError as exc:
        response = _refused(poll_id, exc, as_json, voter_id)
    else:
        response = _accepted(poll.with_counts(*counts), as_json, voter_id)
    if fresh_voter:
        set_voter_cookie(response, voter_id)
    response.headers["Cache-Control"] = PRIVATE
    return response


def _accepted(poll, as_json: bool, voter_id: str):
    """The answer to a counted vote: the results in place, or a redirect to them."""
    poll_id = poll.id
    if not as_json:
        return redirect(url_for(".poll_results", poll_id=poll_id, **{"cam-on": "1"}), 303)
    context = _view_context(poll, voter_id, voted=True)
    return jsonify(
        ok=True,
        code="voted",
        message=_("Cảm ơn bạn đã bình chọn."),
        html=_fragment(context),
        results_url=url_for(".poll_results", poll_id=poll_id),
    )


def _refused(poll_id: int, exc: VoteError, as_json: bool, voter_id: str):
    """The answer to a refused vote: the reason, a 4xx status, and the page or JSON."""
    current_app.logger.info("vote refused on poll %s: %s", poll_id, exc.code)
    poll = queries.fresh_poll(poll_id)
    voted = exc.code == "already_voted"
    context = _view_context(poll, voter_id, voted=voted or None)
    if as_json:
        html = _fragment(context) if voted or not context["can_vote"] else ""
        return _json_error(exc.status, exc.code, exc.message, html)
    html = render_template(
        "polls/poll.html",
        results_only=False,
        message=exc.message,
        message_kind="error",
        **context,
    )
    return make_response(html, exc.status)

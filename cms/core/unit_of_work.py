"""One unit of work per request and per CLI command: services change, the edge commits.

Services (``cms/<feature>/services.py``) add, change and delete through the session and
never commit; an audit entry joins the same session as the change it records. The edge
commits once, so an action and its audit entry are saved together or not at all:

- **A request.** ``UnitOfWorkFlask.dispatch_request`` runs the view and makes its answer
  into a response, then, while still inside the view's dispatch:

  - the view raised, or answered 400 or more: roll back, whatever it changed;
  - it answered below 400: commit, when the request's method may write (POST, PUT,
    PATCH, DELETE) or the session holds changes; a GET that only read leaves its read
    transaction for the teardown to end, and commits nothing.

  The commit happens before any ``after_request`` hook and before the response is sent,
  so a commit that fails becomes an error response (the 500 page, or the 503 of an
  unreachable database), never a redirect or a page that says the change was made; what
  the view put in the cookie session (a flashed message, a login) is dropped with it.
  Every route of the app goes through it, whichever blueprint holds it and whenever it
  was added: a new route needs nothing to get it. Before the teardown hooks run, what
  the request left uncommitted is rolled back, so they find a clean session.

- **A CLI command.** ``wrap_commands(app.cli)`` gives every command of the portal the same
  rule: commit once when the command returns, roll back when it fails, then exit with a
  non-zero status and one line (``Error: …``). On SQLite, the command's first statement
  takes the write lock, like a POST's.

Deliberate units of their own use ``write_transaction()`` (``cms/core/database.py``),
which commits only what it started and refuses to run while the session holds changes
made by someone else: the login throttle's count (concurrent attempts must see it even
when the login then fails), the vote (its ballot and counters, the whole of a vote
request's writes), the visitor counter (an ``after_request`` hook of a GET), the article
view-count flush, and a media upload's row (written after its files, see
``cms/media/services.py``). A refused login is audited the same way, since the refusal
is the answer (cms/auth/services.py).
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

import click
from flask import Flask, current_app, request, session
from flask.cli import with_appcontext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from cms.core.database import SAFE_METHODS, has_pending_writes, writes_take_the_lock
from cms.extensions import db

log = logging.getLogger(__name__)

# Marks a command callback already wrapped: the command objects are module globals, shared
# by every app that create_app() builds (the tests build many).
_WRAPPED = "__cms_unit_of_work__"


class UnitOfWorkFlask(Flask):
    """Flask whose every view is one unit of work (see the module docstring)."""

    def dispatch_request(self) -> Response:
        """Run the view, then commit its changes when it succeeded, or roll them back."""
        try:
            response = self.make_response(super().dispatch_request())
        except BaseException:
            _rollback()
            raise
        if response.status_code >= 400:
            _rollback()
            return response
        store = _open_session()
        if store is not None and (request.method not in SAFE_METHODS or has_pending_writes(store)):
            try:
                store.commit()
            except BaseException:
                _rollback()
                _forget_session_changes()
                raise
        return response

    def do_teardown_request(self, *args, **kwargs) -> None:
        """Discard what the request left uncommitted, then run the teardown hooks.

        The session they find holds no one else's changes (the view-count flush writes in
        a teardown hook, with ``write_transaction()``).
        """
        _rollback()
        super().do_teardown_request(*args, **kwargs)


def _forget_session_changes() -> None:
    """Put back the cookie session the request came with, after a failed commit.

    What the view put in it (a "done" message, a login) must not outlive the change it
    went with; the messages still waiting from earlier requests stay.
    """
    sent = current_app.session_interface.open_session(current_app, request)
    session.clear()
    session.update(sent or {})


def _open_session() -> Session | None:
    """The request's session when it has a transaction open, else None (none is made)."""
    if not db.session.registry.has():
        return None
    store = db.session()
    return store if store.in_transaction() else None


def _rollback() -> None:
    """Discard what the session holds (nothing to do when no transaction is open)."""
    store = _open_session()
    if store is not None:
        store.rollback()


def one_line(exc: BaseException) -> str:
    """An error as one line: its type and the first line of its message (the driver's own
    for a database error, without SQLAlchemy's statement dump)."""
    cause = getattr(exc, "orig", None) or exc
    text = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {text[0]}" if text else type(cause).__name__


def run_command(callback: Callable[..., Any], *args, **kwargs) -> Any:
    """Run a command's callback as one unit of work: commit at the end, or roll back."""
    with writes_take_the_lock():
        try:
            result = callback(*args, **kwargs)
        except click.exceptions.Exit as exc:
            if exc.exit_code:
                _rollback()
                raise
            _commit_command()
            raise
        except (click.ClickException, click.Abort):
            _rollback()
            raise
        except Exception as exc:
            _rollback()
            log.debug("command failed", exc_info=True)
            raise click.ClickException(f"nothing was changed: {one_line(exc)}") from exc
        _commit_command()
        return result


def _commit_command() -> None:
    """Commit what a command did; a failure is one line saying nothing was changed."""
    try:
        db.session.commit()
    except Exception as exc:
        _rollback()
        log.debug("command commit failed", exc_info=True)
        raise click.ClickException(f"could not save, nothing was changed: {one_line(exc)}") from exc


def unit_of_work_command(callback: Callable[..., Any]) -> Callable[..., Any]:
    """A command callback that runs as one unit of work, in the app's context."""
    if getattr(callback, _WRAPPED, False):
        return callback

    @functools.wraps(callback)
    def run(*args, **kwargs):
        return run_command(callback, *args, **kwargs)

    wrapped = with_appcontext(run)
    setattr(wrapped, _WRAPPED, True)
    return wrapped


def wrap_commands(group: click.Group) -> None:
    """Make every command of ``group`` (and of its subgroups) one unit of work.

    Only the portal's own commands: another package's (Flask-Migrate's ``db``) runs its
    own transactions on its own connection.
    """
    for command in group.commands.values():
        if isinstance(command, click.Group):
            wrap_commands(command)
        elif command.callback is not None and command.callback.__module__.startswith("cms."):
            command.callback = unit_of_work_command(command.callback)

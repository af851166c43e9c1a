"""Poll settings from the environment (documented in docs/notes/polls.md)."""

import os

from flask import Flask

DEFAULTS = {
    # Ballots accepted per poll from one client address within the window (an office
    # behind one address can still vote a reasonable number of times).
    "POLL_MAX_VOTES_PER_ADDRESS": 50,
    "POLL_ADDRESS_WINDOW_HOURS": 24,
    # Vote attempts (any poll) accepted from one client address per rate window.
    "POLL_RATE_LIMIT": 30,
    "POLL_RATE_WINDOW_SECONDS": 60,
    # Lifetime of the voter cookie.
    "POLL_VOTER_COOKIE_DAYS": 730,
}


def _env_int(name: str, default: int) -> int:
    """An integer from the environment, or the default when unset or not a number."""
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


def init_app(app: Flask) -> None:
    """Fill in the poll settings not given by the app's own configuration."""
    for name, default in DEFAULTS.items():
        app.config.setdefault(name, _env_int(name, default))

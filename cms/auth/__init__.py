"""Logging in and out, and changing one's own password."""

from flask import Flask

from cms.auth.views import bp

__all__ = ["bp", "init_app"]

THROTTLE_SETTINGS = (
    "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS",
    "LOGIN_MAX_FAILURES_PER_ADDRESS",
    "LOGIN_ACCOUNT_CEILING",
    "LOGIN_ACCOUNT_SLOW_SECONDS",
    "LOGIN_LOCKOUT_MINUTES",
)


def init_app(app: Flask) -> None:
    """Refuse to start with login throttling settings that make no sense."""
    for name in THROTTLE_SETTINGS:
        if int(app.config[name]) < 0:
            raise ValueError(f"{name} must be 0 or more (0 switches that limit off)")
    if int(app.config["LOGIN_LOCKOUT_MINUTES"]) < 1:
        raise ValueError("LOGIN_LOCKOUT_MINUTES must be at least 1")

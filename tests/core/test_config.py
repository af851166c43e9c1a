"""Settings: every variable parsed and validated once, in cms/config.py.

A bad value stops the app with one line naming the variable and the form it expects,
from the environment as from create_app's overrides, and the ``flask`` command prints
that line, not a traceback.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cms import config, create_app
from cms.config import ConfigError

ROOT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).with_name("flask"))

BAD_VALUES = [
    ("POLL_RATE_LIMIT", "-1", "a whole number ≥ 1"),
    ("POLL_RATE_LIMIT", "many", "a whole number ≥ 1"),
    ("POLL_MAX_VOTES_PER_ADDRESS", "2.5", "a whole number ≥ 1"),
    ("REDIS_TIMEOUT_SECONDS", "abc", "a number of seconds > 0"),
    ("REDIS_TIMEOUT_SECONDS", "0", "a number of seconds > 0"),
    ("REDIS_RETRY_SECONDS", "-3", "a number of seconds ≥ 0"),
    ("REDIS_URL", "http://cache:6379", "a redis://, rediss:// or unix:// URL"),
    ("LOGIN_LOCKOUT_MINUTES", "0", "a whole number ≥ 1"),
    ("LOGIN_MAX_FAILURES_PER_ADDRESS", "-5", "a whole number ≥ 0"),
    ("SEARCH_RATE_LIMIT", "thirty", "a whole number ≥ 0"),
    ("PAGE_SIZE", "0", "a whole number from 1 to 200"),
    ("TRUSTED_PROXIES", "99", "a whole number from 0 to 10"),
    ("STATS_ENABLED", "maybe", "1 or 0"),
    ("SECURE_COOKIES", "nope", "1 or 0"),
    ("APP_ENV", "prod", "one of production, development, testing"),
    ("DATABASE_URL", "portal.sqlite3", "a URL"),
    ("MEDIA_PROCESS_SECONDS", "inf", "a number of seconds > 0"),
    ("CSP_EXTRA_SCRIPT_SRC", "'unsafe-inline'", "origins such as"),
]


@pytest.mark.parametrize(("name", "value", "form"), BAD_VALUES)
def test_a_bad_value_in_the_environment_stops_the_app_with_one_line(monkeypatch, name, value, form):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as refused:
        create_app({"SECRET_KEY": "x" * 32})
    message = str(refused.value)
    assert message.startswith(f"{name}=") and form in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("POLL_RATE_LIMIT", -1),
        ("POLL_RATE_LIMIT", "-1"),
        ("REDIS_TIMEOUT_SECONDS", "abc"),
        ("STATS_ENABLED", "maybe"),
        ("LOGIN_ACCOUNT_CEILING", -1),
        ("CACHE_SECONDS", True),
    ],
)
def test_overrides_are_checked_like_the_environment(make_app, name, value):
    with pytest.raises(ConfigError, match=f"^{name}="):
        make_app(**{name: value})


def test_values_are_converted_to_their_types(monkeypatch):
    monkeypatch.setenv("POLL_RATE_LIMIT", " 7 ")
    monkeypatch.setenv("REDIS_TIMEOUT_SECONDS", "0.25")
    monkeypatch.setenv("STATS_ENABLED", "off")
    monkeypatch.setenv("CSP_EXTRA_CONNECT_SRC", "https://a.example  https://b.example")
    loaded = config.load()
    assert loaded["POLL_RATE_LIMIT"] == 7
    assert loaded["REDIS_TIMEOUT_SECONDS"] == 0.25
    assert loaded["STATS_ENABLED"] is False
    assert loaded["CSP_EXTRA_CONNECT_SRC"] == ["https://a.example", "https://b.example"]


def test_unset_or_empty_variables_take_the_documented_defaults(monkeypatch):
    for name in ("POLL_RATE_LIMIT", "POLL_VOTER_COOKIE_DAYS", "REDIS_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOGIN_LOCKOUT_MINUTES", "")
    loaded = config.load()
    assert loaded["POLL_RATE_LIMIT"] == 30
    assert loaded["POLL_VOTER_COOKIE_DAYS"] == 730
    assert loaded["REDIS_TIMEOUT_SECONDS"] == 0.5
    assert loaded["REDIS_RETRY_SECONDS"] == 5
    assert loaded["LOGIN_LOCKOUT_MINUTES"] == 15


def test_overrides_win_over_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("POLL_RATE_LIMIT", "-1")  # would be refused, but is overridden
    app = make_app(POLL_RATE_LIMIT="3")
    assert app.config["POLL_RATE_LIMIT"] == 3


def test_the_flask_command_prints_one_line_not_a_traceback(tmp_path):
    env = {
        **os.environ,
        "APP_ENV": "testing",
        "INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
        "POLL_RATE_LIMIT": "-1",
    }
    result = subprocess.run(
        [FLASK, "--app", "app", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["Error: POLL_RATE_LIMIT='-1' is not valid: expected a whole number ≥ 1"]

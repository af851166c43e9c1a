"""Settings from the environment: every variable parsed and validated once, here.

``load()`` reads each setting (from the app's own overrides, else the environment, else
its default), converts it to its type and checks its range; a bad value stops the app
with one line naming the variable and the form it expects (``ConfigError``, which the
``flask`` command prints without a traceback). Features read ``current_app.config`` and
never the environment. Every variable is listed in the README: the general ones in its
Configuration table, each feature's own (login, polls, statistics, search) in that
feature's section.
"""

import ipaddress
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import click

from cms.core.security import is_csp_source

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))

# Keys that are never acceptable as a production SECRET_KEY.
WEAK_SECRETS = {"", "dev", "changeme", "change-me", "secret", "development", "test"}
ENVIRONMENTS = ("production", "development", "testing")
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class ConfigError(click.ClickException):
    """A setting with a bad value, or unsafe for the environment; the message names it.

    A ClickException, so that ``flask …`` prints the one line and exits 1 instead of
    showing a traceback.
    """


# --- kinds of value -------------------------------------------------------------------
# Each kind converts a value from the environment (text) or from the app's own overrides
# (text or already typed), raises ValueError when it does not fit, and describes the form
# it expects for the error message.


@dataclass(frozen=True)
class Integer:
    """A whole number within [minimum, maximum]."""

    minimum: int | None = 0
    maximum: int | None = None

    @property
    def form(self) -> str:
        """The expected form, for the error message."""
        if self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        return f"a whole number ≥ {self.minimum}"

    def __call__(self, value: object) -> int:
        """The value as an int, or ValueError."""
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            number = int(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            raise ValueError(value)
        _check_range(number, self.minimum, self.maximum)
        return number


@dataclass(frozen=True)
class Number:
    """A number (decimals allowed) within [minimum, maximum]; ``above`` excludes minimum."""

    minimum: float = 0
    maximum: float | None = None
    above: bool = False

    @property
    def form(self) -> str:
        """The expected form, for the error message."""
        low = f"> {self.minimum:g}" if self.above else f"≥ {self.minimum:g}"
        high = f" and ≤ {self.maximum:g}" if self.maximum is not None else ""
        return f"a number of seconds {low}{high} (e.g. 0.5)"

    def __call__(self, value: object) -> float:
        """The value as a float, or ValueError."""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(value)
        number = float(value)  # ValueError for text that is not a number
        if not math.isfinite(number) or (self.above and number <= self.minimum):
            raise ValueError(value)
        _check_range(number, self.minimum, self.maximum)
        return number


def _check_range(number: float, minimum: float | None, maximum: float | None) -> None:
    """Raise ValueError when a number is out of its range."""
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValueError(number)


@dataclass(frozen=True)
class Boolean:
    """Yes or no: 1/0, true/false, yes/no, on/off."""

    form = "1 or 0 (also true/false, yes/no, on/off)"

    def __call__(self, value: object) -> bool:
        """The value as a bool, or ValueError."""
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(value)


@dataclass(frozen=True)
class Text:
    """Any text; with ``pattern``, text that matches it (``form`` says what it is)."""

    pattern: str | None = None
    form: str = "text"

    def __call__(self, value: object) -> str:
        """The value as text, or ValueError."""
        if not isinstance(value, str):
            raise ValueError(value)
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise ValueError(value)
        return value


@dataclass(frozen=True)
class Choice:
    """One of a few words."""

    words: tuple[str, ...]

    @property
    def form(self) -> str:
        """The expected form, for the error message."""
        return "one of " + ", ".join(self.words)

    def __call__(self, value: object) -> str:
        """The value as one of the words, or ValueError."""
        word = str(value).strip().lower()
        if word not in self.words:
            raise ValueError(value)
        return word


@dataclass(frozen=True)
class Origins:
    """Content-Security-Policy sources (origins or schemes) separated by spaces."""

    form = "origins such as https://stats.example.gov.vn, separated by spaces"

    def __call__(self, value: object) -> list[str]:
        """The value as a list of sources, or ValueError (a setting cannot weaken the CSP)."""
        sources = value.split() if isinstance(value, str) else list(value)
        if not all(isinstance(s, str) and is_csp_source(s) for s in sources):
            raise ValueError(value)
        return sources


@dataclass(frozen=True)
class Networks:
    """IP addresses or networks (CIDR), separated by spaces or commas."""

    form = "IP addresses or networks such as 127.0.0.1 ::1 10.0.0.0/8, separated by spaces"

    def __call__(self, value: object) -> list[str]:
        """The value as a list of networks in CIDR form, or ValueError."""
        items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
        return [str(ipaddress.ip_network(item, strict=False)) for item in items]


INT_0 = Integer(0)  # 0 or more (0 often switches a limit off)
INT_1 = Integer(1)
SECONDS = Number(0)
YES_NO = Boolean()
TEXT = Text()
URL = Text(r"[a-z][a-z0-9+.-]*://.*", "a URL such as postgresql+psycopg://user@host/db")
REDIS_URL = Text(r"(rediss?|unix)://.*|", "a redis://, rediss:// or unix:// URL, or empty")
HTTP_URL = Text(r"https?://[^\s/]+.*|", "an http:// or https:// URL, or empty")
S3_BUCKET = Text(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|", "a bucket name such as portal-media")
S3_PREFIX = Text(r"([A-Za-z0-9_.-]+/)*", "folders ending in /, such as portal/ (or empty)")


class _Reader:
    """Reads settings: the app's overrides first, then the environment, then the default."""

    def __init__(self, overrides: Mapping[str, object]) -> None:
        self.overrides = overrides
        self.names: set[str] = set()

    def __call__(self, name: str, default: object, kind, env: str | None = None) -> object:
        """The setting ``name`` (variable ``env``, by default the same name) parsed by kind."""
        env = env or name
        self.names.add(name)
        if name in self.overrides:
            value, label = self.overrides[name], name
        else:
            raw = os.environ.get(env, "")
            value, label = (raw.strip(), env) if raw.strip() else (default, env)
        try:
            return kind(value)
        except (ValueError, TypeError):
            raise ConfigError(f"{label}={value!r} is not valid: expected {kind.form}") from None


def load(overrides: Mapping[str, object] | None = None) -> dict:
    """Build the configuration mapping: the environment, the overrides, parsed and checked.

    ``overrides`` (create_app's test_config) win over the environment and are checked the
    same way; keys that are not settings read here (TESTING, SERVER_NAME …) pass through.
    """
    overrides = dict(overrides or {})
    read = _Reader(overrides)
    env = read("APP_ENV", "production", Choice(ENVIRONMENTS))
    secure_cookies = read("SECURE_COOKIES", True, YES_NO) and env == "production"
    config = {
        "APP_ENV": env,
        "SECRET_KEY": read("SECRET_KEY", "", TEXT),
        "SQLALCHEMY_DATABASE_URI": read(
            "SQLALCHEMY_DATABASE_URI",
            f"sqlite:///{INSTANCE / 'portal.sqlite3'}",
            URL,
            env="DATABASE_URL",
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # A PostgreSQL server that does not answer: give up connecting after this long
        # (the page is then a 503 with Retry-After; cms/core/database.py).
        "DATABASE_CONNECT_TIMEOUT_SECONDS": read("DATABASE_CONNECT_TIMEOUT_SECONDS", 5, INT_1),
        "SQLITE_BUSY_TIMEOUT_MS": read("SQLITE_BUSY_TIMEOUT_MS", 30000, INT_0),
        # The one Redis client (cms/core/redis_client.py): connect and read timeout, and
        # how long Redis is left alone after a failure (callers take their fallback).
        "REDIS_URL": read("REDIS_URL", "", REDIS_URL),
        "REDIS_PREFIX": read("REDIS_PREFIX", "cms:", TEXT),
        "REDIS_TIMEOUT_SECONDS": read("REDIS_TIMEOUT_SECONDS", 0.5, Number(0, 10, above=True)),
        "REDIS_RETRY_SECONDS": read("REDIS_RETRY_SECONDS", 5.0, Number(0, 3600)),
        "MEDIA_DIR": read("MEDIA_DIR", str(INSTANCE / "media"), TEXT),
        # Where media live (cms/core/storage.py): MEDIA_DIR (a directory every server
        # mounts), or an S3-compatible bucket; its keys come from the environment and are
        # never logged (empty: boto3's own credentials, e.g. an instance role).
        "MEDIA_BACKEND": read("MEDIA_BACKEND", "directory", Choice(("directory", "s3"))),
        "MEDIA_S3_BUCKET": read("MEDIA_S3_BUCKET", "", S3_BUCKET),
        "MEDIA_S3_ENDPOINT_URL": read("MEDIA_S3_ENDPOINT_URL", "", HTTP_URL),
        "MEDIA_S3_REGION": read("MEDIA_S3_REGION", "", TEXT),
        "MEDIA_S3_ACCESS_KEY_ID": read("MEDIA_S3_ACCESS_KEY_ID", "", TEXT),
        "MEDIA_S3_SECRET_ACCESS_KEY": read("MEDIA_S3_SECRET_ACCESS_KEY", "", TEXT),
        "MEDIA_S3_PREFIX": read("MEDIA_S3_PREFIX", "", S3_PREFIX),
        "MEDIA_S3_TIMEOUT_SECONDS": read(
            "MEDIA_S3_TIMEOUT_SECONDS", 5.0, Number(0, 60, above=True)
        ),
        # Where `flask backup create` writes its archives (cms/backup/).
        "BACKUP_DIR": read("BACKUP_DIR", str(INSTANCE / "backups"), TEXT),
        "MAX_CONTENT_LENGTH": read("MAX_CONTENT_LENGTH", 10 * 1024 * 1024, INT_1),
        "MEDIA_MAX_PIXELS": read("MEDIA_MAX_PIXELS", 40_000_000, INT_1),
        # An upload's cost budget: checked on the header before decoding, then a deadline.
        "MEDIA_MAX_FRAMES": read("MEDIA_MAX_FRAMES", 500, INT_1),
        "MEDIA_MAX_TOTAL_PIXELS": read("MEDIA_MAX_TOTAL_PIXELS", 60_000_000, INT_1),
        "MEDIA_MAX_DECODED_BYTES": read("MEDIA_MAX_DECODED_BYTES", 256 * 1024 * 1024, INT_1),
        "MEDIA_PROCESS_SECONDS": read("MEDIA_PROCESS_SECONDS", 10.0, Number(0, above=True)),
        # Reverse proxies in front of the app whose X-Forwarded-* headers are believed
        # (cms/core/net.py, Werkzeug's ProxyFix); 0 believes none.
        "TRUSTED_PROXIES": read("TRUSTED_PROXIES", 0, Integer(0, 10)),
        # Login throttling (cms/auth/throttle.py): failures per (account, address) and per
        # address lock that pair or address for the window; past the account-wide ceiling
        # the addresses that failed on it share one attempt per LOGIN_ACCOUNT_SLOW_SECONDS
        # (an account is slowed, never locked). 0 switches a limit off.
        "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS": read(
            "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS", 5, INT_0
        ),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": read("LOGIN_MAX_FAILURES_PER_ADDRESS", 20, INT_0),
        "LOGIN_ACCOUNT_CEILING": read("LOGIN_ACCOUNT_CEILING", 100, INT_0),
        "LOGIN_ACCOUNT_SLOW_SECONDS": read("LOGIN_ACCOUNT_SLOW_SECONDS", 5, INT_0),
        "LOGIN_LOCKOUT_MINUTES": read("LOGIN_LOCKOUT_MINUTES", 15, INT_1),
        # Polls (cms/polls/): ballots per poll from one address within the window (an
        # office behind one address can still vote a reasonable number of times); vote
        # attempts (any poll) per address per rate window; the voter cookie's lifetime.
        "POLL_MAX_VOTES_PER_ADDRESS": read("POLL_MAX_VOTES_PER_ADDRESS", 50, INT_1),
        "POLL_ADDRESS_WINDOW_HOURS": read("POLL_ADDRESS_WINDOW_HOURS", 24, INT_1),
        "POLL_RATE_LIMIT": read("POLL_RATE_LIMIT", 30, INT_1),
        "POLL_RATE_WINDOW_SECONDS": read("POLL_RATE_WINDOW_SECONDS", 60, INT_1),
        "POLL_VOTER_COOKIE_DAYS": read("POLL_VOTER_COOKIE_DAYS", 730, INT_1),
        "PAGE_SIZE": read("PAGE_SIZE", 12, Integer(1, 200)),
        "CACHE_SECONDS": read("CACHE_SECONDS", 5, INT_0),
        "VIEW_FLUSH_SECONDS": read("VIEW_FLUSH_SECONDS", 10, INT_0),
        "AUTOSAVE_SECONDS": read("AUTOSAVE_SECONDS", 30, INT_1),
        # Visitor statistics (cms/stats/).
        "VISIT_TIMEOUT_MINUTES": read("VISIT_TIMEOUT_MINUTES", 30, INT_1),
        "ONLINE_WINDOW_MINUTES": read("ONLINE_WINDOW_MINUTES", 5, INT_1),
        "STATS_ENABLED": read("STATS_ENABLED", True, YES_NO),
        # Only to read what an older version left in Redis (its day counters are moved
        # into the database on first use): the statistics' keys are under REDIS_PREFIX now.
        "STATS_REDIS_PREFIX": read("STATS_REDIS_PREFIX", "stats:", TEXT),
        # Search cost budget: searches per address per minute (0: no limit), a higher
        # limit for logged-in staff, words and characters read from a query, time per search.
        "SEARCH_RATE_LIMIT": read("SEARCH_RATE_LIMIT", 30, INT_0),
        "SEARCH_RATE_LIMIT_STAFF": read("SEARCH_RATE_LIMIT_STAFF", 300, INT_0),
        "SEARCH_MAX_TERMS": read("SEARCH_MAX_TERMS", 10, INT_1),
        "SEARCH_MAX_CHARS": read("SEARCH_MAX_CHARS", 200, INT_1),
        "SEARCH_TIMEOUT_MS": read("SEARCH_TIMEOUT_MS", 800, INT_1),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "LANGUAGES": ["vi", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "WTF_CSRF_TIME_LIMIT": None,
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        # Content-Security-Policy (cms/core/security.py): origins, space-separated, that the
        # monitoring snippet's scripts load from or send to, beyond the snippet's own tags.
        "CSP_EXTRA_SCRIPT_SRC": read("CSP_EXTRA_SCRIPT_SRC", [], Origins()),
        "CSP_EXTRA_CONNECT_SRC": read("CSP_EXTRA_CONNECT_SRC", [], Origins()),
        # Logs (cms/core/logs.py): plain text or one JSON object per line; the level of the
        # app's own loggers.
        "LOG_FORMAT": read("LOG_FORMAT", "text", Choice(("text", "json"))),
        "LOG_LEVEL": read("LOG_LEVEL", "info", Choice(("debug", "info", "warning", "error"))),
        # /metrics (cms/core/observability.py): the addresses or networks it answers, and a
        # bearer token that opens it from anywhere (empty: no token accepted).
        "METRICS_ALLOWED_IPS": read("METRICS_ALLOWED_IPS", "127.0.0.1 ::1", Networks()),
        "METRICS_TOKEN": read("METRICS_TOKEN", "", TEXT),
    }
    # Overrides of what is not read above (TESTING, SERVER_NAME, fixed values) pass as given.
    return {**config, **{k: v for k, v in overrides.items() if k not in read.names}}


def dev_secret_key() -> str:
    """Return a random key kept in instance/ so development sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(32).hex())
        path.chmod(0o600)
    return path.read_text().strip()


def check(config: dict) -> None:
    """Refuse to start in production without a real secret key, or on S3 without a bucket."""
    if config.get("MEDIA_BACKEND") == "s3" and not config.get("MEDIA_S3_BUCKET"):
        raise ConfigError("MEDIA_BACKEND=s3 needs MEDIA_S3_BUCKET (the bucket of the media)")
    if config["APP_ENV"] == "production":
        key = config.get("SECRET_KEY") or ""
        if key.lower() in WEAK_SECRETS or len(key) < 24:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 24 characters "
                "in production (APP_ENV=production). Generate one with: "
                'python -c "import secrets; print(secrets.token_hex(32))"'
            )

"""Settings from the environment, with safe defaults.

Every variable read here is listed in the README: the general ones in its Configuration
table, each feature's own (login, polls, statistics, search) in that feature's section.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))

# Keys that are never acceptable as a production SECRET_KEY.
WEAK_SECRETS = {"", "dev", "changeme", "change-me", "secret", "development", "test"}


def _int(name: str, default: int) -> int:
    """Read an integer variable, falling back to the default when unset."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str, default: bool) -> bool:
    """Read a yes/no variable."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def load() -> dict:
    """Build the configuration mapping from the environment."""
    env = os.environ.get("APP_ENV", "production").strip().lower()
    return {
        "APP_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE / 'portal.sqlite3'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLITE_BUSY_TIMEOUT_MS": _int("SQLITE_BUSY_TIMEOUT_MS", 30000),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "REDIS_PREFIX": os.environ.get("REDIS_PREFIX", "cms:"),
        "REDIS_TIMEOUT_SECONDS": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "") or 0.5),
        "MEDIA_DIR": os.environ.get("MEDIA_DIR", str(INSTANCE / "media")),
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 10 * 1024 * 1024),
        "MEDIA_MAX_PIXELS": _int("MEDIA_MAX_PIXELS", 40_000_000),
        # An upload's cost budget: checked on the header before decoding, then a deadline.
        "MEDIA_MAX_FRAMES": _int("MEDIA_MAX_FRAMES", 500),
        "MEDIA_MAX_TOTAL_PIXELS": _int("MEDIA_MAX_TOTAL_PIXELS", 60_000_000),
        "MEDIA_MAX_DECODED_BYTES": _int("MEDIA_MAX_DECODED_BYTES", 256 * 1024 * 1024),
        "MEDIA_PROCESS_SECONDS": float(os.environ.get("MEDIA_PROCESS_SECONDS", "") or 10),
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        # Login throttling (cms/auth/throttle.py): failures per (account, address) and per
        # address lock that pair or address for the window; past the account-wide ceiling
        # the addresses that failed on it share one attempt per LOGIN_ACCOUNT_SLOW_SECONDS
        # (an account is slowed, never locked).
        "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS": _int("LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS", 5),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _int("LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
        "LOGIN_ACCOUNT_CEILING": _int("LOGIN_ACCOUNT_CEILING", 100),
        "LOGIN_ACCOUNT_SLOW_SECONDS": _int("LOGIN_ACCOUNT_SLOW_SECONDS", 5),
        "LOGIN_LOCKOUT_MINUTES": _int("LOGIN_LOCKOUT_MINUTES", 15),
        "PAGE_SIZE": _int("PAGE_SIZE", 12),
        "CACHE_SECONDS": _int("CACHE_SECONDS", 5),
        "VIEW_FLUSH_SECONDS": _int("VIEW_FLUSH_SECONDS", 10),
        "VISIT_TIMEOUT_MINUTES": _int("VISIT_TIMEOUT_MINUTES", 30),
        "ONLINE_WINDOW_MINUTES": _int("ONLINE_WINDOW_MINUTES", 5),
        "STATS_ENABLED": _bool("STATS_ENABLED", True),
        # Search cost budget: searches per address per minute (0: no limit), a higher
        # limit for logged-in staff, words and characters read from a query, time per search.
        "SEARCH_RATE_LIMIT": _int("SEARCH_RATE_LIMIT", 30),
        "SEARCH_RATE_LIMIT_STAFF": _int("SEARCH_RATE_LIMIT_STAFF", 300),
        "SEARCH_MAX_TERMS": _int("SEARCH_MAX_TERMS", 10),
        "SEARCH_MAX_CHARS": _int("SEARCH_MAX_CHARS", 200),
        "SEARCH_TIMEOUT_MS": _int("SEARCH_TIMEOUT_MS", 800),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "LANGUAGES": ["vi", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production" and _bool("SECURE_COOKIES", True),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env == "production" and _bool("SECURE_COOKIES", True),
        "WTF_CSRF_TIME_LIMIT": None,
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        # Content-Security-Policy (cms/core/security.py): origins, space-separated, that the
        # monitoring snippet's scripts load from or send to, beyond the snippet's own tags.
        "CSP_EXTRA_SCRIPT_SRC": os.environ.get("CSP_EXTRA_SCRIPT_SRC", "").split(),
        "CSP_EXTRA_CONNECT_SRC": os.environ.get("CSP_EXTRA_CONNECT_SRC", "").split(),
    }


def dev_secret_key() -> str:
    """Return a random key kept in instance/ so development sessions survive restarts."""
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(os.urandom(32).hex())
        path.chmod(0o600)
    return path.read_text().strip()


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe for the chosen environment."""


def check(config: dict) -> None:
    """Refuse to start in production without a real secret key."""
    if config["APP_ENV"] == "production":
        key = config.get("SECRET_KEY") or ""
        if key.lower() in WEAK_SECRETS or len(key) < 24:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 24 characters "
                "in production (APP_ENV=production). Generate one with: "
                'python -c "import secrets; print(secrets.token_hex(32))"'
            )

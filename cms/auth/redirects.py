"""Where to go after logging in: a path on this site, never anywhere else."""

from urllib.parse import urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next(target: str | None) -> str | None:
    """Return ``target`` when it is a local absolute path ("/…"), else None.

    Refused: anything with a scheme or host ("http://x", "https:x", "//x"), back
    slashes (browsers read "/\\x" as "//x"), control characters and white space around it.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if target != target.strip() or "\\" in target:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target

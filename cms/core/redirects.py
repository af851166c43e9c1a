"""Where to send a reader back to: a path on this site, never anywhere else.

The one ``safe_next`` of the app (login, language switch, any later ``next``).
"""

from urllib.parse import unquote, urlsplit

from cms.core.text import has_control_chars

MAX_NEXT_LENGTH = 2000


def _local_path(target: str) -> bool:
    """True when a browser would read ``target`` as a path on this site."""
    if target != target.strip() or "\\" in target or has_control_chars(target):
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None) -> str | None:
    """Return ``target`` when it is a local absolute path ("/…"), else None.

    Refused: anything with a scheme or host ("http://x", "https:x", "//x"), back slashes
    (browsers read "/\\x" as "//x"), control characters anywhere (browsers drop tabs and
    line breaks, so "/\\t/x" becomes "//x"), white space around it; and the same after
    percent-decoding ("/%09/x", "/%5Cx"), in case something decodes it once more.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if not _local_path(target) or not _local_path(unquote(target)):
        return None
    return target

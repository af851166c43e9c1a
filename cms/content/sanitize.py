"""The one sanitizer for rich text, with one allowlist (nh3, Rust's ammonia).

Everything typed into the rich-text editor goes through ``sanitize`` before it is saved;
templates then print the stored HTML as is. Nothing executable survives: no script,
style, iframe, object, svg or math element, no event attribute, no ``javascript:`` or
``data:`` URL. Links may use http, https or mailto; images must come from our own media.
"""

import re

import nh3

from cms.core.text import nfc

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li",
    "a", "img", "figure", "figcaption", "blockquote",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "span",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Our own media: relative paths under /media/ (see the media feature).
OWN_MEDIA = re.compile(r"^/media/(?!.*\.\.)[A-Za-z0-9/_.-]+$")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep only images served from our own media."""
    if tag == "img" and attribute == "src":
        return value if OWN_MEDIA.match(value) else None
    return value


# Mis-nested markup ("<h2><a><h2><a>") is repaired by the HTML parser, and the repaired
# tree may be repaired once more when parsed again; a few passes reach the fixed point.
MAX_PASSES = 4


def sanitize(html: str | None) -> str:
    """Return safe HTML for the allowlist above (NFC-normalised), stable under re-sanitizing."""
    cleaned = _clean_once(nfc(html or ""))
    for _ in range(MAX_PASSES - 1):
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean_once(html: str) -> str:
    """One pass of nh3 with our allowlist, then the image and white-space rules."""
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    # An <img> without a src (its src was refused) is dropped by a second pass.
    # Outer white space is dropped (after cleaning too) so that sanitizing twice changes
    # nothing: sanitize(sanitize(x)) == sanitize(x).
    return re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned).strip()

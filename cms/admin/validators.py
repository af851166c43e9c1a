"""Checks shared by the administration forms: e-mail addresses, web addresses, link lists."""

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

# Pragmatic: one @, a dotted domain, no spaces. Deliverability is not our business.
_EMAIL = re.compile(r"^[^@\s<>\"']+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


def is_email(value: str) -> bool:
    """True for a plausible e-mail address."""
    return bool(_EMAIL.match(value)) and len(value) <= 254


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) address with a host and no white space."""
    if not value or any(ch.isspace() for ch in value) or len(value) > 500:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def optional_email(_form, field) -> None:
    """WTForms validator: empty, or a plausible e-mail address."""
    value = (field.data or "").strip()
    if value and not is_email(value):
        raise ValidationError(
            _l("Địa chỉ thư điện tử không hợp lệ (ví dụ: vanphong@example.gov.vn).")
        )


def parse_links(text: str) -> tuple[list[dict], list[str]]:
    """Parse lines "Name | https://url" into links; return (links, error messages)."""
    links: list[dict] = []
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, sep, url = (part.strip() for part in line.rpartition("|"))
        if not sep or not name:
            errors.append(
                str(_l("Dòng %(n)d: hãy viết theo mẫu “Tên | https://địa-chỉ”.", n=number))
            )
        elif not is_web_url(url):
            errors.append(
                str(_l("Dòng %(n)d: địa chỉ phải bắt đầu bằng http:// hoặc https://.", n=number))
            )
        else:
            links.append({"name": name, "url": url})
    return links, errors


def format_links(links: list[dict] | None) -> str:
    """The inverse of parse_links, for showing the stored links in the form."""
    return "\n".join(f"{link.get('name', '')} | {link.get('url', '')}" for link in links or [])

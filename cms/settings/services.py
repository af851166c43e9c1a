"""Reading and changing the site settings."""

from dataclasses import dataclass, field

from cms.core.cache import app_cache
from cms.extensions import db
from cms.settings.models import SiteSettings

EDITABLE = (
    "portal_name",
    "tagline",
    "agency_name",
    "responsible_person",
    "license_info",
    "address",
    "phone",
    "fax",
    "email",
    "attribution_notice",
    "agency_links",
    "monitoring_snippet",
    "visits_offset",
)


@dataclass(frozen=True)
class SettingsView:
    """A detached, read-only copy of the settings for templates (safe to cache)."""

    portal_name: str = "Cổng thông tin điện tử"
    tagline: str = ""
    agency_name: str = ""
    responsible_person: str = ""
    license_info: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    attribution_notice: str = ""
    agency_links: tuple = field(default_factory=tuple)
    monitoring_snippet: str = ""
    visits_offset: int = 0
    notice: str = ""


def _load() -> SettingsView:
    row = db.session.get(SiteSettings, 1)
    if row is None:
        row = SiteSettings(id=1)
    values = {name: getattr(row, name) for name in EDITABLE}
    values["agency_links"] = tuple(
        (link.get("name", ""), link.get("url", "")) for link in (row.agency_links or [])
    )
    for name in EDITABLE:
        if values[name] is None:
            values.pop(name)
    return SettingsView(**values, notice=row.notice())


def get_settings() -> SettingsView:
    """The current settings, cached for a few seconds per worker."""
    return app_cache().get("settings", _load)


def update_settings(**values) -> SiteSettings:
    """Change the settings (creating the row if needed) and commit."""
    row = db.session.get(SiteSettings, 1) or SiteSettings(id=1)
    for name, value in values.items():
        if name not in EDITABLE:
            raise KeyError(name)
        setattr(row, name, value)
    db.session.add(row)
    db.session.commit()
    app_cache().clear("settings")
    app_cache().clear(prefix="fragment:")
    return row

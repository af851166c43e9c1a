"""Reading and changing the site settings."""

from dataclasses import dataclass, field, fields, replace

from cms.core.cache import app_cache, forget_on_commit
from cms.extensions import db
from cms.settings.models import DEFAULT_NOTICE, SiteSettings


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


# Every field an administrator edits (all of the view but the derived notice).
EDITABLE = tuple(f.name for f in fields(SettingsView) if f.name != "notice")


def _load() -> SettingsView:
    """The settings row as a view; the defaults when the row does not exist yet."""
    row = db.session.get(SiteSettings, 1)
    values = {}
    if row is not None:
        values = {name: getattr(row, name) for name in EDITABLE}
        values["agency_links"] = tuple(
            (link.get("name", ""), link.get("url", "")) for link in (row.agency_links or [])
        )
    view = SettingsView(**{name: value for name, value in values.items() if value is not None})
    notice = view.attribution_notice or DEFAULT_NOTICE.format(portal=view.portal_name)
    return replace(view, notice=notice)


def get_settings() -> SettingsView:
    """The current settings, cached for a few seconds per worker."""
    return app_cache().get("settings", _load)


def update_settings(**values) -> SiteSettings:
    """Change the settings (creating the row if needed); the caller's unit of work commits."""
    row = db.session.get(SiteSettings, 1) or SiteSettings(id=1)
    for name, value in values.items():
        if name not in EDITABLE:
            raise KeyError(name)
        setattr(row, name, value)
    db.session.add(row)
    return row


def forget_settings() -> None:
    """Drop this worker's cached settings and the fragments showing them."""
    app_cache().clear("settings")
    app_cache().clear(prefix="fragment:")


forget_on_commit((SiteSettings,), forget_settings)

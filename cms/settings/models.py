"""The site settings, one row."""

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cms.extensions import db

DEFAULT_NOTICE = "Ghi rõ nguồn “{portal}” khi phát hành lại thông tin từ Cổng thông tin này."


class SiteSettings(db.Model):
    """Everything the header and footer show; nothing of it is written into a template."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    portal_name: Mapped[str] = mapped_column(String(200), default="Cổng thông tin điện tử")
    tagline: Mapped[str] = mapped_column(String(300), default="")
    agency_name: Mapped[str] = mapped_column(String(200), default="")
    responsible_person: Mapped[str] = mapped_column(String(200), default="")
    license_info: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    fax: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    attribution_notice: Mapped[str] = mapped_column(Text, default="")
    # [{"name": "...", "url": "https://..."}, ...]
    agency_links: Mapped[list] = mapped_column(JSON, default=list)
    # Trusted HTML from an administrator (the ministry's monitoring code), emitted as is.
    monitoring_snippet: Mapped[str] = mapped_column(Text, default="")
    # Visits carried over from a previous system, added to "Tất cả".
    visits_offset: Mapped[int] = mapped_column(default=0)

"""The staff page of visitor statistics (editors and admins) and its CSV export."""

from flask import Blueprint, Response, render_template

from cms.core.access import guard
from cms.stats import charts, services

bp = Blueprint("stats", __name__, url_prefix="/quan-tri/thong-ke")
guard(bp, "editor")


@bp.get("/")
def dashboard():
    """The four numbers, visits per day over 30 and 365 days, the most-read articles."""
    return render_template(
        "stats/dashboard.html",
        numbers=services.with_offset(services.current_counts()),
        month=charts.bar_chart(services.daily_series(30), x_labels=6),
        year=charts.bar_chart(services.daily_series(365), x_labels=12),
        most_read=services.most_read(10),
        enabled=services.stats_enabled(),
    )


@bp.get("/tong-hop-theo-ngay.csv")
def daily_export():
    """Every daily total as CSV (UTF-8 with BOM)."""
    return Response(
        services.daily_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="thong-ke-truy-cap.csv"'},
    )

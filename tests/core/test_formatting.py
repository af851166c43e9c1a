"""Dates in Asia/Ho_Chi_Minh whatever the server's zone; numbers with dots."""

import time
from datetime import datetime

from cms.core.formatting import format_date, format_datetime, format_number, local_to_utc


def test_dates_are_vietnam_time_in_another_server_zone(app, server_in_new_york):
    # 18:30 UTC on 31/12/2024 is already 01:30 on 01/01/2025 in Vietnam.
    stored = datetime(2024, 12, 31, 18, 30)
    assert time.strftime("%Z") in ("EST", "EDT")
    assert format_date(stored) == "01/01/2025"
    assert format_datetime(stored) == "01:30 01/01/2025"
    assert local_to_utc(datetime(2025, 1, 1, 1, 30)) == stored


def test_article_page_date_in_another_server_zone(client, make_article, server_in_new_york):
    article = make_article(published_at=datetime(2024, 7, 22, 17, 5))
    html = client.get(f"/bai-viet/{article.id}-{article.slug}").get_data(as_text=True)
    assert "23/07/2024 00:05" in html


def test_numbers_use_dots_in_vietnamese(app):
    with app.test_request_context("/"):
        assert format_number(1476716) == "1.476.716"
        assert format_number(46) == "46"
        assert format_number(0) == "0"
        assert format_number(None) == ""


def test_numbers_use_commas_in_english(app):
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert format_number(1476716) == "1,476,716"

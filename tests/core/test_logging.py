"""Log lines: one per event, JSON with LOG_FORMAT=json, and a request id that the reader sees."""

import json
import re

import pytest

ID = re.compile(r"[0-9a-f]{16}")


def json_lines(err: str) -> list[dict]:
    """Every line of captured standard error, parsed as JSON (each must parse)."""
    return [json.loads(line) for line in err.splitlines() if line.strip()]


@pytest.fixture
def json_app(make_app):
    """An app logging JSON lines, with a route that fails."""
    app = make_app(LOG_FORMAT="json")

    @app.get("/thu-loi")
    def broken():
        raise RuntimeError("hỏng ở đây")

    return app


def test_each_request_gets_an_id_in_a_header_and_one_json_line(json_app, capsys):
    capsys.readouterr()
    client = json_app.test_client()
    first = client.get("/", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    second = client.get("/")
    assert first.status_code == second.status_code == 200
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(ID.fullmatch(i) for i in ids) and ids[0] != ids[1]
    err = capsys.readouterr().err
    lines = [line for line in json_lines(err) if line["logger"] == "cms.request"]
    assert [line["request_id"] for line in lines] == ids
    line = lines[0]
    assert set(line) >= {"time", "level", "logger", "message", "method", "path", "status"}
    assert (line["method"], line["path"], line["status"], line["level"]) == (
        "GET",
        "/",
        200,
        "INFO",
    )
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("Z")
    assert "203.0.113.9" not in err  # no raw client address in any line


def test_a_500_shows_its_request_id_to_the_reader_and_logs_the_exception(json_app, capsys):
    capsys.readouterr()
    response = json_app.test_client().get("/thu-loi?q=bí+mật")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert ID.fullmatch(request_id)
    assert request_id in response.get_data(as_text=True)  # the error page shows it
    lines = json_lines(capsys.readouterr().err)
    mine = [line for line in lines if line.get("request_id") == request_id]
    errors = [line for line in mine if "exception" in line]
    assert errors, lines
    assert errors[0]["level"] == "ERROR"
    assert "RuntimeError: hỏng ở đây" in errors[0]["exception"]
    assert errors[0]["path"] == "/thu-loi"
    done = [line for line in mine if line["logger"] == "cms.request"]
    assert len(done) == 1 and done[0]["status"] == 500 and done[0]["level"] == "ERROR"
    assert all("bí" not in json.dumps(line, ensure_ascii=False) for line in mine)  # no query


def test_json_clients_get_the_id_in_the_header(json_app):
    response = json_app.test_client().get("/thu-loi", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert ID.fullmatch(response.headers["X-Request-ID"])


def test_a_404_page_shows_the_request_id(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "sent, trusted, kept",
    [
        ("nginx-0f3a9c2e7b5d4e61", 1, True),
        ("0f3a9c2e7b5d4e61a2b3c4d5e6f70819", 1, True),
        ("nginx-0f3a9c2e7b5d4e61", 0, False),  # a client talking to the app directly
        ("x" * 65, 1, False),
        ("bad id", 1, False),
        ("id;Set-Cookie=a", 1, False),
        ("<script>", 1, False),
        ("", 1, False),
    ],
)
def test_a_request_id_from_a_trusted_proxy_is_kept_when_safe(make_app, sent, trusted, kept):
    client = make_app(TRUSTED_PROXIES=trusted).test_client()
    headers = {"X-Request-ID": sent, "X-Forwarded-For": "203.0.113.9"}
    returned = client.get("/", headers=headers).headers["X-Request-ID"]
    if kept:
        assert returned == sent
    else:
        assert returned != sent and ID.fullmatch(returned)


def test_text_lines_are_one_line_each_even_with_a_traceback(make_app, capsys):
    app = make_app(LOG_FORMAT="text")

    @app.get("/thu-loi")
    def broken():
        raise RuntimeError("nhiều\ndòng")

    capsys.readouterr()
    response = app.test_client().get("/thu-loi")
    request_id = response.headers["X-Request-ID"]
    lines = capsys.readouterr().err.splitlines()
    mine = [line for line in lines if f"[{request_id}]" in line]
    assert len(mine) == 2  # the exception, then the request's own line
    assert "Traceback" in mine[0] and "RuntimeError: nhiều" in mine[0]
    assert " ERROR cms.request " in mine[1] and "GET /thu-loi 500" in mine[1]


def test_a_bad_log_format_stops_the_app_naming_the_variable(make_app):
    with pytest.raises(Exception, match="LOG_FORMAT"):
        make_app(LOG_FORMAT="xml")

"""The client address used for lockouts and the audit log."""

import pytest

from cms.core.net import client_address


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, None, "192.0.2.1"),
        (0, "203.0.113.9", "192.0.2.1"),
        (1, None, "192.0.2.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.1"),
        (1, " , ", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(app, trusted, forwarded, expected):
    app.config["TRUSTED_PROXIES"] = trusted
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    assert _address_seen(app, headers) == expected


def test_long_values_are_cut(app):
    app.config["TRUSTED_PROXIES"] = 1
    assert len(_address_seen(app, {"X-Forwarded-For": "x" * 500})) == 64


def _address_seen(app, headers: dict) -> str:
    """client_address() of a request sent through HTTP (the proxy middleware included)."""
    app.add_url_rule("/thu-dia-chi", "address_probe", client_address)
    response = app.test_client().get(
        "/thu-dia-chi", headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.1"}
    )
    return response.get_data(as_text=True)

"""Pseudonyms for personal data that must be compared but never stored in the clear.

A client address is never written anywhere (database, Redis key, log line) as it is:
features store ``pseudonym(address, purpose)``, a keyed HMAC-SHA256 with a key derived
from SECRET_KEY and the purpose, so the same address gives unrelated values for two
purposes and nobody without the secret can go back from a value to the address.
"""

import hashlib
import hmac

from flask import current_app

from cms.core.net import client_address


def pseudonym(value: str, purpose: str, length: int = 32) -> str:
    """The keyed HMAC of ``value`` for ``purpose`` (hex, ``length`` characters)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    key = hashlib.sha256(purpose.encode() + b":" + secret).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:length]


def address_pseudonym(purpose: str, address: str | None = None, length: int = 32) -> str:
    """The pseudonym of the client's address (or of ``address``) for ``purpose``."""
    value = client_address() if address is None else address
    return pseudonym(value, purpose, length) if value else ""


def address_tag(address: str | None = None) -> str:
    """A short pseudonymous tag of the client's address, as the audit log shows it."""
    return address_pseudonym("audit.address", address, length=10)

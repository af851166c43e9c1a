"""Password hashing (Argon2id) and the password policy."""

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

from cms.users.common_passwords import COMMON_PASSWORDS

MIN_LENGTH = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def _nfc(password: str) -> str:
    """One spelling of every password: a keyboard may send "ư" composed or as "u" + horn."""
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    """Hash a password, NFC-normalised, with Argon2id."""
    return _hasher.hash(_nfc(password))


def _verify(stored_hash: str, password: str) -> bool:
    """Argon2's verdict on one spelling of the password (an unreadable hash is a no)."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(stored_hash: str, password: str) -> tuple[bool, bool]:
    """(right, legacy): the NFC form first, then (for hashes made before passwords were
    normalised) the text exactly as typed; ``legacy`` says the hash should be remade."""
    if not stored_hash:
        return False, False
    if _verify(stored_hash, _nfc(password)):
        return True, False
    if password != _nfc(password) and _verify(stored_hash, password):
        return True, True
    return False, False


def verify_password(stored_hash: str, password: str) -> bool:
    """Check a password against its hash, whatever its Unicode normal form as typed."""
    return check_password(stored_hash, password)[0]


def password_problem(password: str) -> str | None:
    """Return why a password is refused, or None when it is acceptable."""
    password = _nfc(password)
    if len(password) < MIN_LENGTH:
        return str(_l("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_LENGTH))
    if password.lower() in COMMON_PASSWORDS:
        return str(_l("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác."))
    return None

"""Fixtures of the administration tests."""

from tests.auth.auth_helpers import fast_argon2

__all__ = ["fast_argon2"]  # autouse fixture

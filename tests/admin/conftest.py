"""Fixtures of the administration tests."""

from tests.auth.auth_helpers import fast_argon2, user_loaded_per_request

__all__ = ["fast_argon2", "user_loaded_per_request"]  # autouse fixtures

"""Staff accounts: the User model and the ``flask users`` commands."""

"""Shared building blocks used by every feature: text, formatting, database setup."""

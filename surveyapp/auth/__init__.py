"""Signing in and out, session expiry, and setting a password from an administrator's one-time link."""

from surveyapp.auth.views import bp

__all__ = ["bp"]

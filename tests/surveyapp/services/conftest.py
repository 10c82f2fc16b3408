"""Fixtures shared by the service tests."""

from tests.surveyapp.services.test_responses import pg_app  # noqa: F401  (an app on PostgreSQL alone)

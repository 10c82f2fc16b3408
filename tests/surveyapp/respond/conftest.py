"""The suite-database-then-PostgreSQL app fixtures of the storing tests, shared with the respond tests."""

from tests.surveyapp.services.test_responses import any_app, pg_app

__all__ = ["any_app", "pg_app"]

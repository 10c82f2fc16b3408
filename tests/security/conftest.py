"""The browser fixtures (headless Chromium) for the stored-XSS test."""

from tests.browser.conftest import chromium  # noqa: F401 - a fixture, used by name

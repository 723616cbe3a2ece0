"""Browser fixtures live in tests/conftest.py so that every test module shares one Playwright session."""

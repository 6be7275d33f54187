"""Fixtures of these tests (programmes, open_call) live in tests/conftest.py, shared with the browser tests."""

"""Fixtures of these tests live in tests/conftest.py (``registration`` is shared with the browser tests)."""

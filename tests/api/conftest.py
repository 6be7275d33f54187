"""API fixtures live in tests/conftest.py (as_user is shared with other apps' API tests)."""

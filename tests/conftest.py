import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (local memory or the Redis test database)."""
    cache.clear()
    yield
    cache.clear()

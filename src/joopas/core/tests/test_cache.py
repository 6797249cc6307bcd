from __future__ import annotations

import uuid

import pytest

from joopas.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache() -> RedisCache:
    """The local Redis (like the exchange tests' RabbitMQ, a service the test machine runs)."""
    return RedisCache(URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_one_client_per_connection_pool(redis_cache: RedisCache) -> None:
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: reads and writes share the pool


def test_the_cache_api_works_through_the_shared_client(redis_cache: RedisCache) -> None:
    redis_cache.set("a", ("v1", {"x": 1}), 30)
    assert redis_cache.add("b", 2, None) is True
    assert redis_cache.add("b", 3, None) is False
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": ("v1", {"x": 1}), "b": 2}
    redis_cache.delete("a")
    assert redis_cache.get("a") is None


@pytest.mark.pg
@pytest.mark.django_db
def test_service_connections_run_serial_plans() -> None:
    """Web queries are short: the service's PostgreSQL sessions start with parallel workers off."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)

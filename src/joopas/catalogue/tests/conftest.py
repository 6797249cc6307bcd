from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_search_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the database is rolled back between tests, the cache is not. The
    process-wide memos keyed by organisation id go too (ids are reused after a rollback), so query counts do
    not depend on which tests ran before in the same process."""
    from joopas.catalogue import selectors, services

    cache.clear()
    services._OIDS.clear()
    selectors._ORG_NAMES.clear()
    yield
    cache.clear()

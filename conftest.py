"""Test-wide setup shared by src/joopas/*/tests and tests/."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`pg` tests need PostgreSQL: skipped (with the reason shown) when the suite runs on SQLite."""
    from django.conf import settings

    if settings.IS_POSTGRES:
        return
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if "pg" in item.keywords:
            item.add_marker(skip_pg)


@pytest.fixture(autouse=True)
def _default_language(settings):  # type: ignore[no-untyped-def]
    from django.utils import translation

    translation.activate("fi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Uploaded attachments of a test go to a temporary folder, never to var/private."""
    settings.PRIVATE_FILES_DIR = tmp_path_factory.mktemp("private")


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db['NAME']})"

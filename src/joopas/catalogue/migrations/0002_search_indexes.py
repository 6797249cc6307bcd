"""Search indexes over the lemma document of a course unit (search_lemmas / search_title).

PostgreSQL: pg_trgm, a generated tsvector column ('simple' config: the text is already lemmatised)
with a GIN index, and a trigram GIN index on the title for typo tolerance.
SQLite: an FTS5 external-content table kept in step by triggers. NB: if a later migration makes
Django rebuild catalogue_courseunit on SQLite, it must re-run `sqlite_forward` (triggers are dropped).
"""

from __future__ import annotations

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE catalogue_courseunit ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_lemmas)) STORED",
    "CREATE INDEX catalogue_unit_tsv ON catalogue_courseunit USING GIN (search_tsv)",
    "CREATE INDEX catalogue_unit_title_trgm ON catalogue_courseunit USING GIN (search_title gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS catalogue_unit_title_trgm",
    "DROP INDEX IF EXISTS catalogue_unit_tsv",
    "ALTER TABLE catalogue_courseunit DROP COLUMN IF EXISTS search_tsv",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_courseunit_fts USING fts5("
    "search_lemmas, content='catalogue_courseunit', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS catalogue_unit_fts_ai AFTER INSERT ON catalogue_courseunit BEGIN "
    "INSERT INTO catalogue_courseunit_fts(rowid, search_lemmas) VALUES (new.id, new.search_lemmas); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_unit_fts_ad AFTER DELETE ON catalogue_courseunit BEGIN "
    "INSERT INTO catalogue_courseunit_fts(catalogue_courseunit_fts, rowid, search_lemmas) "
    "VALUES ('delete', old.id, old.search_lemmas); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_unit_fts_au AFTER UPDATE ON catalogue_courseunit BEGIN "
    "INSERT INTO catalogue_courseunit_fts(catalogue_courseunit_fts, rowid, search_lemmas) "
    "VALUES ('delete', old.id, old.search_lemmas); "
    "INSERT INTO catalogue_courseunit_fts(rowid, search_lemmas) VALUES (new.id, new.search_lemmas); END",
    "INSERT INTO catalogue_courseunit_fts(catalogue_courseunit_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalogue_unit_fts_ai",
    "DROP TRIGGER IF EXISTS catalogue_unit_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_unit_fts_au",
    "DROP TABLE IF EXISTS catalogue_courseunit_fts",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


sqlite_forward = _run({"sqlite": SQLITE_FORWARD})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
                             _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD})),
    ]

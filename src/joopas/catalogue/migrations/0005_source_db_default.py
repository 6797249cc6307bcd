"""`source` (and `enrolment_closed`) get a database default ('{}'), so the bulk import's COPY + INSERT on PostgreSQL, which names its
columns, never writes NULL there. On SQLite an ALTER would rebuild the tables and drop their search triggers;
there the ORM always sends the column, so only the model state changes."""

from django.db import migrations, models


class Migration(migrations.Migration):  # operations set below

    dependencies = [
        ('catalogue', '0004_element_source'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='realisation',
            name='enrolment_closed',
            field=models.BooleanField(db_default=False, default=False, verbose_name='enrolment closed by the organiser'),
        ),
        migrations.AlterField(
            model_name='courseunit',
            name='source',
            field=models.JSONField(blank=True, db_default=models.Value({}, output_field=models.JSONField()), default=dict, editable=False, verbose_name="as sent by the institution's system"),
        ),
        migrations.AlterField(
            model_name='realisation',
            name='source',
            field=models.JSONField(blank=True, db_default=models.Value({}, output_field=models.JSONField()), default=dict, editable=False, verbose_name="as sent by the institution's system"),
        ),
        migrations.AlterField(
            model_name='studymodule',
            name='source',
            field=models.JSONField(blank=True, db_default=models.Value({}, output_field=models.JSONField()), default=dict, editable=False, verbose_name="as sent by the institution's system"),
        ),
    ]


def _set_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("catalogue_courseunit", "catalogue_realisation", "catalogue_studymodule"):
        schema_editor.execute(f"ALTER TABLE \"{table}\" ALTER COLUMN \"source\" SET DEFAULT '{{}}'::jsonb")
    schema_editor.execute('ALTER TABLE "catalogue_realisation" ALTER COLUMN "enrolment_closed" SET DEFAULT false')


def _drop_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("catalogue_courseunit", "catalogue_realisation", "catalogue_studymodule"):
        schema_editor.execute(f"ALTER TABLE \"{table}\" ALTER COLUMN \"source\" DROP DEFAULT")
    schema_editor.execute('ALTER TABLE "catalogue_realisation" ALTER COLUMN "enrolment_closed" DROP DEFAULT')


Migration.operations = [
    migrations.SeparateDatabaseAndState(state_operations=Migration.state_operations,
                                        database_operations=[migrations.RunPython(_set_default, _drop_default)]),
]

"""R-EXC-5: each element as its institution's system sent it (`source`), and RIPA's enrollmentClosed.

On SQLite, adding a column with a default makes Django rebuild catalogue_courseunit, which drops the FTS5
triggers of 0002: they are created again (and the index rebuilt) at the end, as 0002's docstring asks.
"""

from importlib import import_module

from django.db import migrations, models

search_indexes = import_module("joopas.catalogue.migrations.0002_search_indexes")


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0003_open_enrolment_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='courseunit',
            name='source',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="as sent by the institution's system"),
        ),
        migrations.AddField(
            model_name='realisation',
            name='enrolment_closed',
            field=models.BooleanField(default=False, verbose_name='enrolment closed by the organiser'),
        ),
        migrations.AddField(
            model_name='realisation',
            name='source',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="as sent by the institution's system"),
        ),
        migrations.AddField(
            model_name='studymodule',
            name='source',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="as sent by the institution's system"),
        ),
        migrations.RunPython(search_indexes.sqlite_forward, migrations.RunPython.noop),
    ]

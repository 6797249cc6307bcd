import uuid

from django.db import migrations, models
from django.db.models import Q


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Registration = apps.get_model("registrations", "Registration")
    Selection = apps.get_model("registrations", "Selection")
    for reg in Registration.objects.all().only("id"):
        Registration.objects.filter(pk=reg.pk).update(request_id=uuid.uuid4())
        Selection.objects.filter(registration_id=reg.pk).update(home_person_id=reg.home_person_id)


class Migration(migrations.Migration):

    dependencies = [
        ("registrations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="request_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="registration request id"),
        ),
        migrations.AddField(
            model_name="registration",
            name="enrolled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="enrolled at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="source",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="selection",
            name="home_person_id",
            field=models.BigIntegerField(db_index=True, default=0, verbose_name="student"),
        ),
        migrations.AddField(
            model_name="selection",
            name="completion_option_ref",
            field=models.CharField(blank=True, max_length=200, verbose_name="completion option"),
        ),
        migrations.AddField(
            model_name="selection",
            name="sub_groups",
            field=models.JSONField(blank=True, default=list, verbose_name="sub-group selections"),
        ),
        migrations.AddField(
            model_name="selection",
            name="status_info",
            field=models.CharField(blank=True, max_length=1000, verbose_name="status information"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="request_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True,
                                   verbose_name="registration request id"),
        ),
        migrations.AddConstraint(
            model_name="selection",
            constraint=models.UniqueConstraint(condition=Q(("realisation_id__isnull", False), ("status__in", [0, 1, 2])),
                                               fields=("home_person_id", "realisation_id"),
                                               name="registrations_one_active_per_realisation"),
        ),
        migrations.AddConstraint(
            model_name="selection",
            constraint=models.UniqueConstraint(condition=Q(("kind", "course_unit"), ("status__in", [0, 1, 2])),
                                               fields=("home_person_id", "course_unit_id"),
                                               name="registrations_one_active_per_course_unit"),
        ),
    ]

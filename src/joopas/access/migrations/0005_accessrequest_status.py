"""Issue 9: `AccessApplication` becomes `AccessRequest` (the future `applications` app owns "application") and
every status field is called `status` (was `state`). Renames only: tables and rows are kept."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("access", "0004_grant_reminders_sent_invitation_accessapplication"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="grant", name="access_grant_one_open_per_role"),
        migrations.RemoveConstraint(model_name="accessapplication", name="access_application_one_open"),
        migrations.RenameModel(old_name="AccessApplication", new_name="AccessRequest"),
        migrations.RenameField(model_name="grant", old_name="state", new_name="status"),
        migrations.RenameField(model_name="granthistory", old_name="from_state", new_name="from_status"),
        migrations.RenameField(model_name="granthistory", old_name="to_state", new_name="to_status"),
        migrations.RenameField(model_name="invitation", old_name="state", new_name="status"),
        migrations.RenameField(model_name="accessrequest", old_name="state", new_name="status"),
        migrations.AlterField(
            model_name="grant", name="status",
            field=models.CharField(choices=[("granted", "granted"), ("renewed", "renewed"), ("closed", "closed"),
                                            ("expired", "expired")],
                                   default="granted", max_length=10, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="invitation", name="status",
            field=models.CharField(choices=[("open", "open"), ("accepted", "accepted"), ("expired", "expired"),
                                            ("cancelled", "cancelled")],
                                   default="open", max_length=10, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="accessrequest", name="status",
            field=models.CharField(choices=[("open", "open"), ("approved", "approved"), ("rejected", "rejected"),
                                            ("lapsed", "lapsed")],
                                   default="open", max_length=10, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="accessrequest", name="user",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="access_requests",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name="grant",
            constraint=models.UniqueConstraint(condition=models.Q(("status__in", ["granted", "renewed"])),
                                               fields=("user", "organisation_id", "role"),
                                               name="access_grant_one_open_per_role"),
        ),
        migrations.AddConstraint(
            model_name="accessrequest",
            constraint=models.UniqueConstraint(condition=models.Q(("status", "open")),
                                               fields=("user", "organisation_id", "role"),
                                               name="access_application_one_open"),
        ),
    ]

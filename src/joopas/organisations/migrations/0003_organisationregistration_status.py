"""Issue 9: `Registration` becomes `OrganisationRegistration` (the future `registrations` app owns
"registration") and its status field is called `status` (was `state`). Renames only: tables and rows are kept."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0002_registration_registrationhistory"),
    ]

    operations = [
        migrations.RenameModel(old_name="Registration", new_name="OrganisationRegistration"),
        migrations.RenameModel(old_name="RegistrationHistory", new_name="OrganisationRegistrationHistory"),
        migrations.RenameField(model_name="organisationregistration", old_name="state", new_name="status"),
        migrations.RenameField(model_name="organisationregistrationhistory", old_name="from_state",
                               new_name="from_status"),
        migrations.RenameField(model_name="organisationregistrationhistory", old_name="to_state",
                               new_name="to_status"),
        migrations.AlterField(
            model_name="organisationregistration", name="status",
            field=models.CharField(choices=[("submitted", "waiting for review"), ("approved", "approved"),
                                            ("rejected", "rejected")],
                                   db_index=True, default="submitted", max_length=10, verbose_name="status"),
        ),
    ]

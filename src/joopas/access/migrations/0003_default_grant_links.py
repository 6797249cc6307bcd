from django.db import migrations

# Which role may grant which. Data, not code: platform admins edit it in the admin.
DEFAULT_LINKS = {
    "main_user": ["main_user", "officer", "registrar", "catalogue_editor", "network_coordinator", "report_viewer",
                  "integration_client", "helpdesk_agent"],
    # R-ACC-5: the JOTPA main user's set; registry data access is not among it.
    "jotpa_main_user": ["jotpa_main_user", "registry_main_user", "curriculum_main_user", "offering_editor"],
    "platform_admin": ["platform_admin", "helpdesk_agent", "main_user", "jotpa_main_user"],
}


def forward(apps, schema_editor):
    GrantLink = apps.get_model("access", "GrantLink")
    for granter, grantables in DEFAULT_LINKS.items():
        for grantable in grantables:
            GrantLink.objects.get_or_create(granter_role=granter, grantable_role=grantable)


def backward(apps, schema_editor):
    GrantLink = apps.get_model("access", "GrantLink")
    for granter, grantables in DEFAULT_LINKS.items():
        GrantLink.objects.filter(granter_role=granter, grantable_role__in=grantables).delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(forward, backward)]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """Study records (opintosuoritus) at the host and their credited copies (hyväksiluku) at home."""

    name = "joopas.records"
    label = "records"
    url_prefix = "records/"
    verbose_name = _("Study records")

    def ready(self) -> None:
        from joopas.records import student_section
        from joopas.registrations import api as registrations_api

        registrations_api.register_studies_section(student_section.section)

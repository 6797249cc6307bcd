from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """JOO applications (JOO-hakemus): a student applies for a flexible study right (joustava opinto-oikeus) at
    another university; the home university endorses (puoltaa), the host decides and grants the JOO right."""

    name = "joopas.applications"
    label = "applications"
    url_prefix = "applications/"
    verbose_name = _("JOO applications")

    def ready(self) -> None:
        from joopas.applications import desk, notices, right_links, student_section, tasks  # noqa: F401  (registries)
        from joopas.registrations import api as registrations_api
        from joopas.rights import api as rights_api

        registrations_api.register_studies_section(student_section.section)
        rights_api.register_joo_ended(notices.joo_right_ended)
        rights_api.register_right_links(right_links.links)

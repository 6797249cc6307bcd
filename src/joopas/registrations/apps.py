from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    """Cross-study registrations (ristiinopiskeluilmoittautuminen) of a student to another institution's
    realisations within a network."""

    name = "joopas.registrations"
    label = "registrations"
    url_prefix = "registrations/"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from joopas.catalogue import api as catalogue_api
        from joopas.registrations import desk_student, panel, right_links
        from joopas.rights import api as rights_api

        catalogue_api.register_course_panel(panel.course_panel)
        rights_api.register_right_links(right_links.links)
        desk_student.register()

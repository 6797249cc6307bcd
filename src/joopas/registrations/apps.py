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
        from joopas.registrations import desk_student, panel

        catalogue_api.register_course_panel(panel.course_panel)
        desk_student.register()

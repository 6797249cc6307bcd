"""Study offering: course units (opintojakso), study modules (opintokokonaisuus), realisations (toteutus).

Field names follow the RIPA v9 vocabulary (studyElementId → `external_id` of a study element,
realisationId → `external_id` of a realisation, creditsMin/Max, teachingLanguage, enrolment
start/end date-times). `external_id` is the institution's own identifier, unique per organisation:
the SIS upserts by it. `organisation_id` is the organising institution (organisations app).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from joopas.core.models import TimeStampedModel

LANGUAGES = ("fi", "sv", "en")


class Status(models.TextChoices):
    ACTIVE = "ACTIVE", _("active")
    CANCELLED = "CANCELLED", _("cancelled")
    ARCHIVED = "ARCHIVED", _("archived")


class AssessmentScale(models.TextChoices):
    ZERO_TO_FIVE = "0-5", _("0–5")
    PASS_FAIL = "pass-fail", _("pass / fail")
    ONE_TO_THREE = "1-3", _("1–3")
    ECTS = "ects", _("ECTS A–F")
    OTHER = "other", _("institution-defined")


class TeachingMode(models.TextChoices):
    CONTACT = "contact", _("contact teaching")
    ONLINE = "online", _("online")
    BLENDED = "blended", _("blended")
    DISTANCE = "distance", _("distance learning")


class FieldOfEducation(models.TextChoices):
    # ISCED-F 2013 broad fields (the codes Statistics Finland uses).
    EDUCATION = "01", _("Education")
    ARTS = "02", _("Arts and humanities")
    SOCIAL = "03", _("Social sciences, journalism and information")
    BUSINESS = "04", _("Business, administration and law")
    NATURAL = "05", _("Natural sciences, mathematics and statistics")
    ICT = "06", _("Information and communication technologies")
    ENGINEERING = "07", _("Engineering, manufacturing and construction")
    AGRICULTURE = "08", _("Agriculture, forestry, fisheries and veterinary")
    HEALTH = "09", _("Health and welfare")
    SERVICES = "10", _("Services")


class Localised(models.Model):
    """Texts in fi/sv/en; `text(field)` picks the active language with a fallback."""

    class Meta:
        abstract = True

    def text(self, field: str, lang: str | None = None) -> str:
        lang = (lang or get_language() or "fi")[:2]
        for code in (lang, "fi", "en", "sv"):
            value = getattr(self, f"{field}_{code}", "")
            if value:
                return str(value)
        return ""

    @property
    def name(self) -> str:
        return self.text("name")


class StudyElement(TimeStampedModel, Localised):
    """What a course unit and a study module share (RIPA common/studyElement)."""

    organisation_id = models.IntegerField(_("organising institution"), db_index=True)
    external_id = models.CharField(_("identifier in the institution's system"), max_length=150)
    code = models.CharField(_("code"), max_length=100, blank=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=500, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    objective_fi = models.TextField(_("learning outcomes (Finnish)"), blank=True)
    objective_sv = models.TextField(_("learning outcomes (Swedish)"), blank=True)
    objective_en = models.TextField(_("learning outcomes (English)"), blank=True)
    credits_min = models.DecimalField(_("credits (min)"), max_digits=6, decimal_places=1)
    credits_max = models.DecimalField(_("credits (max)"), max_digits=6, decimal_places=1)
    teaching_languages = models.JSONField(_("teaching languages"), default=list)
    assessment_scale = models.CharField(_("assessment scale"), max_length=20, choices=AssessmentScale.choices,
                                        default=AssessmentScale.ZERO_TO_FIVE)
    field_of_education = models.CharField(_("field of education"), max_length=4, blank=True,
                                          choices=FieldOfEducation.choices)
    validity_start_date = models.DateField(_("valid from"), null=True, blank=True)
    validity_end_date = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    marketed = models.BooleanField(_("shown in the public catalogue"), default=False)
    # R-EXC-5: the element as the institution's system last sent it (RIPA v9 fields, an update applied),
    # kept whole: descriptive texts, completion options, teachers, keywords… are shown from it and
    # passed on to receivers unchanged. {} for elements entered in Joopas.
    source = models.JSONField(_("as sent by the institution's system"), default=dict, blank=True, editable=False,
                              db_default=models.Value({}, output_field=models.JSONField()))  # bulk COPY paths

    class Meta:
        abstract = True


class StudyModule(StudyElement):
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
                               verbose_name=_("parent module"))

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("study module")
        verbose_name_plural = _("study modules")
        constraints = [models.UniqueConstraint(fields=["organisation_id", "external_id"],
                                               name="catalogue_module_unique_external_id")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class CourseUnit(StudyElement):
    modules = models.ManyToManyField(StudyModule, blank=True, related_name="course_units",
                                     verbose_name=_("study modules"))
    # Search document: lemmas of every text in every language (see search.py). On PostgreSQL a
    # generated tsvector column and GIN indexes sit on top of it (migration 0002); on SQLite an
    # FTS5 table mirrors it through triggers.
    search_lemmas = models.TextField(blank=True, default="", editable=False)
    search_title = models.TextField(blank=True, default="", editable=False)
    language_codes = models.CharField(max_length=20, blank=True, default="", editable=False)  # "|fi|en|" filter

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("course unit")
        verbose_name_plural = _("course units")
        constraints = [models.UniqueConstraint(fields=["organisation_id", "external_id"],
                                               name="catalogue_unit_unique_external_id")]
        indexes = [models.Index(fields=["marketed", "status", "organisation_id"], name="catalogue_unit_public")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Realisation(TimeStampedModel, Localised):
    organisation_id = models.IntegerField(_("organising institution"), db_index=True)
    external_id = models.CharField(_("identifier in the institution's system"), max_length=150)
    code = models.CharField(_("code"), max_length=100, blank=True)
    course_unit = models.ForeignKey(CourseUnit, on_delete=models.CASCADE, related_name="realisations",
                                    verbose_name=_("course unit"))
    name_fi = models.CharField(_("name (Finnish)"), max_length=500, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    enrolment_start = models.DateTimeField(_("enrolment starts"))
    enrolment_end = models.DateTimeField(_("enrolment ends"))
    teaching_mode = models.CharField(_("teaching mode"), max_length=10, choices=TeachingMode.choices,
                                     default=TeachingMode.CONTACT)
    teaching_languages = models.JSONField(_("teaching languages"), default=list)
    location = models.CharField(_("location"), max_length=300, blank=True)
    # R-OFF-3: informational only; nothing reads these to limit registrations.
    min_seats = models.PositiveIntegerField(_("minimum seats (for information)"), null=True, blank=True)
    max_seats = models.PositiveIntegerField(_("maximum seats (for information)"), null=True, blank=True)
    credits_min = models.DecimalField(_("credits (min)"), max_digits=6, decimal_places=1)
    credits_max = models.DecimalField(_("credits (max)"), max_digits=6, decimal_places=1)
    teachers = models.CharField(_("teachers"), max_length=500, blank=True)
    schedule = models.TextField(_("schedule"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    marketed = models.BooleanField(_("shown in the public catalogue"), default=True)
    # RIPA enrollmentClosed: the organiser closed enrolment whatever the dates say (R-OFF-4)
    enrolment_closed = models.BooleanField(_("enrolment closed by the organiser"), default=False, db_default=False)
    source = models.JSONField(_("as sent by the institution's system"), default=dict, blank=True, editable=False,
                              db_default=models.Value({}, output_field=models.JSONField()))  # bulk COPY paths

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        constraints = [models.UniqueConstraint(fields=["organisation_id", "external_id"],
                                               name="catalogue_realisation_unique_external_id")]
        indexes = [
            # "enrolment open now" probes one unit at a time: an index-only scan over public realisations
            models.Index(fields=["course_unit", "enrolment_end", "enrolment_start"], name="catalogue_real_open",
                         condition=models.Q(status="ACTIVE", marketed=True)),
                   models.Index(fields=["course_unit", "start_date"], name="catalogue_real_start")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class DeclarationMode(models.TextChoices):
    LIST = "list", _("explicit list of JOO offering")
    EXCLUSION = "exclusion", _("everything except the listed studies")


class JooDeclaration(TimeStampedModel):
    """R-OFF-1: an institution's JOO offering for one academic year, as a list or as exclusions."""

    organisation_id = models.IntegerField(_("institution"), db_index=True)
    academic_year = models.PositiveSmallIntegerField(_("academic year (starting year)"))
    mode = models.CharField(_("how the offering is declared"), max_length=10, choices=DeclarationMode.choices)
    course_units = models.ManyToManyField(CourseUnit, blank=True, related_name="joo_declarations")
    study_modules = models.ManyToManyField(StudyModule, blank=True, related_name="joo_declarations")

    class Meta:
        ordering = ["organisation_id", "-academic_year"]
        verbose_name = _("JOO offering declaration")
        verbose_name_plural = _("JOO offering declarations")
        constraints = [models.UniqueConstraint(fields=["organisation_id", "academic_year"],
                                               name="catalogue_joo_one_per_year")]


class ImportRun(TimeStampedModel):
    """A bulk import started from the officer UI; the job updates progress and the report."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    organisation_id = models.IntegerField(db_index=True)
    started_by_id = models.IntegerField(null=True, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField(blank=True)
    dry_run = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    written_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

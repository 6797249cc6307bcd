"""The one shape of offering data: API In-schemas, `catalogue.api` upserts and JSON Lines import rows.

Names follow RIPA v9 in snake case (study_element_id = studyElementId, realisation_id =
realisationId, credits_min/credits_max, teaching_languages, enrolment_start_date_time / ...end...).
Texts are LocalisedStrings `{"fi": …, "sv": …, "en": …}`. Every text field has a size limit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from joopas.exchange.data import plain_text

NAME_MAX = 500
TEXT_MAX = 20_000
# Plain text only, as in exchange messages (joopas.exchange.data.plain_text): markup and control characters are
# refused with the field's path, the same for the API, import files and the pages' forms.
Plain = AfterValidator(plain_text)
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150), Plain]
Code = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), Plain]
Lang = Literal["fi", "sv", "en"]
StatusIn = Literal["ACTIVE", "CANCELLED", "ARCHIVED"]
ScaleIn = Literal["0-5", "pass-fail", "1-3", "ects", "other"]
ModeIn = Literal["contact", "online", "blended", "distance"]
Credits = Annotated[Decimal, Field(ge=0, le=999, max_digits=6, decimal_places=1)]


class LocalisedName(BaseModel):
    """RIPA LocalisedString for names: at least one language."""

    model_config = ConfigDict(extra="forbid")
    fi: Annotated[str, StringConstraints(max_length=NAME_MAX), Plain] | None = None
    sv: Annotated[str, StringConstraints(max_length=NAME_MAX), Plain] | None = None
    en: Annotated[str, StringConstraints(max_length=NAME_MAX), Plain] | None = None

    @model_validator(mode="after")
    def _one_language(self) -> LocalisedName:
        if not any((v or "").strip() for v in (self.fi, self.sv, self.en)):
            raise ValueError("give the name in at least one language (fi, sv or en)")
        return self


class LocalisedText(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fi: Annotated[str, StringConstraints(max_length=TEXT_MAX), Plain] | None = None
    sv: Annotated[str, StringConstraints(max_length=TEXT_MAX), Plain] | None = None
    en: Annotated[str, StringConstraints(max_length=TEXT_MAX), Plain] | None = None


class _Element(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        None, description="Organiser OID; only in import files without --organisation. Must match the sender.")
    study_element_id: Id = Field(description="The institution's own identifier (RIPA studyElementId).")
    code: Code = Field("", description="Identifier code shown to students (studyElementIdentifierCode).")
    name: LocalisedName
    description: LocalisedText = Field(default_factory=LocalisedText)
    objective: LocalisedText = Field(default_factory=LocalisedText, description="Learning outcomes.")
    credits_min: Credits
    credits_max: Credits | None = None
    teaching_languages: list[Lang] = Field(min_length=1, max_length=3)
    assessment_scale: ScaleIn = "0-5"
    field_of_education: Literal["", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10"] = ""
    validity_start_date: dt.date | None = None
    validity_end_date: dt.date | None = None
    status: StatusIn = "ACTIVE"
    marketed: bool = False
    parents: list[Id] = Field(default_factory=list, max_length=50,
                              description="study_element_ids of the parent study modules (same organiser).")

    @field_validator("teaching_languages")
    @classmethod
    def _unique_languages(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _ordered(self) -> _Element:
        if self.credits_max is None:
            self.credits_max = self.credits_min
        if self.credits_max < self.credits_min:
            raise ValueError("credits_max is less than credits_min")
        if self.validity_start_date and self.validity_end_date and self.validity_end_date < self.validity_start_date:
            raise ValueError("validity_end_date is before validity_start_date")
        return self


class CourseUnitIn(_Element):
    type: Literal["course_unit"] = "course_unit"
    networks: list[Id] = Field(default_factory=list, max_length=50,
                               description="Network identifiers the unit is offered in (checked when known).")


class StudyModuleIn(_Element):
    type: Literal["study_module"] = "study_module"


class RealisationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["realisation"] = "realisation"
    organisation: Annotated[str, StringConstraints(max_length=64)] | None = None
    realisation_id: Id = Field(description="The institution's own identifier (RIPA realisationId).")
    code: Code = Field("", description="realisationIdentifierCode")
    study_element_id: Id = Field(description="The course unit this realisation belongs to (same organiser).")
    name: LocalisedName
    description: LocalisedText = Field(default_factory=LocalisedText)
    start_date: dt.date
    end_date: dt.date
    enrolment_start_date_time: dt.datetime
    enrolment_end_date_time: dt.datetime
    teaching_mode: ModeIn = "contact"
    teaching_languages: list[Lang] = Field(min_length=1, max_length=3)
    location: Annotated[str, StringConstraints(max_length=300), Plain] = ""
    min_seats: Annotated[int, Field(ge=0, le=100_000)] | None = None
    max_seats: Annotated[int, Field(ge=0, le=100_000)] | None = Field(
        None, description="For information only (R-OFF-3): registrations are never limited by it.")
    credits_min: Credits
    credits_max: Credits | None = None
    teachers: Annotated[str, StringConstraints(max_length=500), Plain] = ""
    schedule: Annotated[str, StringConstraints(max_length=TEXT_MAX), Plain] = ""
    status: StatusIn = "ACTIVE"
    marketed: bool = True
    networks: list[Id] = Field(default_factory=list, max_length=50)

    @field_validator("teaching_languages")
    @classmethod
    def _unique_languages(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    @model_validator(mode="after")
    def _ordered(self) -> RealisationIn:
        if self.credits_max is None:
            self.credits_max = self.credits_min
        if self.credits_max < self.credits_min:
            raise ValueError("credits_max is less than credits_min")
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        if self.enrolment_end_date_time <= self.enrolment_start_date_time:
            raise ValueError("enrolment_end_date_time is not after enrolment_start_date_time")
        if self.min_seats is not None and self.max_seats is not None and self.max_seats < self.min_seats:
            raise ValueError("max_seats is less than min_seats")
        return self

from django import forms
from django.utils import translation
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from joopas.core.errors import DomainError
from joopas.core.problems import Problem, from_domain_error, from_form_errors, from_pydantic, problem_details


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str

    @field_validator("name")
    @classmethod
    def _not_x(cls, v: str) -> str:
        if v == "x":
            raise ValueError("x is not a name")
        return v


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Inner]


def test_pydantic_errors_get_codes_and_slash_paths() -> None:
    try:
        Outer.model_validate({"items": [{"name": "ok"}, {"name": "x", "extra": 1}]})
    except ValidationError as exc:
        problems = from_pydantic(exc, "payload")
    assert [p.as_dict() for p in problems] == [
        {"code": "schema.value_error", "path": "payload/items/1/name", "message": "x is not a name"},
        {"code": "schema.unknown_field", "path": "payload/items/1/extra", "message": "Extra inputs are not permitted"},
    ]


class F(forms.Form):
    a = forms.IntegerField()

    def clean(self) -> dict:
        raise forms.ValidationError("whole form is wrong", code="cross")


def test_form_errors_map_field_and_form_level() -> None:
    form = F(data={"a": "nope"})
    with translation.override("en"):
        assert not form.is_valid()
        problems = [p.as_dict() for p in from_form_errors(form)]
    assert problems == [
        {"code": "invalid", "path": "a", "message": "Enter a whole number."},
        {"code": "cross", "path": "", "message": "whole form is wrong"},
    ]


def test_domain_error_with_inner_errors_and_with_a_path() -> None:
    inner = DomainError("bad", code="x.bad", status=422,
                        details={"errors": [{"code": "x.one", "path": "/name/fi", "message": "one"}]})
    assert from_domain_error(inner, "payload") == [Problem("x.one", "payload/name/fi", "one", status=422)]
    single = DomainError("nope", code="x.nope", status=409, details={"path": "payload/id"})
    assert from_domain_error(single) == [Problem("x.nope", "payload/id", "nope", status=409)]
    assert problem_details([Problem("a", "b", "c")]) == {"errors": [{"code": "a", "path": "b", "message": "c"}]}

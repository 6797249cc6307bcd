"""Service tests on the database: writes, policy checks, R-NET-3 preview/confirm, change log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from joopas.core.clock import today
from joopas.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from joopas.core.models import AuditEvent
from joopas.networks import hooks, services
from joopas.networks.models import Membership, Network, NetworkChange, Targeting
from joopas.networks.tests.factories import make_realisation, make_targeting, make_unit

pytestmark = pytest.mark.django_db
TODAY = today()


def state() -> tuple[int, int, int, int, list[tuple[int, Any, Any, bool]]]:
    """Everything a refused request must leave untouched."""
    return (Network.objects.count(), Targeting.objects.count(), NetworkChange.objects.count(),
            AuditEvent.objects.count(),
            list(Membership.objects.order_by("id").values_list("organisation_id", "valid_from", "valid_until",
                                                                "is_coordinator")))


def create_kwargs(org_id: int, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"code": "KOULUTUS-1", "name_fi": "Kasvatustieteen verkosto", "name_sv": "Nätverket",
                            "name_en": "Education network", "network_type": "curriculum_level",
                            "coordinating_organisation_id": org_id, "valid_from": TODAY,
                            "valid_until": TODAY + dt.timedelta(days=365),
                            "eligibility_fi": "Kaikki perustutkinto-opiskelijat",
                            "pricing_basis": "euro_per_credit", "price_per_credit": Decimal("25.00")}
    data.update(over)
    return data


# ---------------------------------------------------------------- networks

def test_coordinator_creates_network_and_becomes_coordinating_member(world: Any) -> None:
    n = services.network_create(actor=world.coordinator, **create_kwargs(world.hy.pk))
    assert list(n.memberships.values_list("organisation_id", "is_coordinator", "valid_from")) == \
        [(world.hy.pk, True, TODAY)]
    assert list(n.periods.values_list("start", "end")) == [(TODAY, TODAY + dt.timedelta(days=365))]
    assert n.price_per_credit == Decimal("25.00")
    change = NetworkChange.objects.get(network=n)
    assert (change.kind, change.affected_organisation_ids, change.actor_id) == \
        ("network_created", [world.hy.pk], world.coordinator.pk)
    assert AuditEvent.objects.filter(event="networks.network_created", subject_id=str(n.pk)).count() == 1


@pytest.mark.parametrize(("over", "code"), [
    ({"valid_until": TODAY - dt.timedelta(days=1)}, "networks.dates_out_of_order"),
    ({"valid_from": None}, "networks.start_missing"),
    ({"pricing_basis": "free"}, "networks.price_on_free"),
    ({"price_per_credit": None}, "networks.price_missing"),
    ({"network_type": "club"}, "networks.bad_type"),
    ({"name_fi": "  "}, "networks.required_missing"),
])
def test_create_network_bad_input_changes_nothing(world: Any, over: dict[str, Any], code: str) -> None:
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        services.network_create(actor=world.coordinator, **create_kwargs(world.hy.pk, **over))
    assert exc.value.code == code
    assert state() == before


def test_create_network_unknown_organisation(world: Any) -> None:
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        services.network_create(actor=world.coordinator, **create_kwargs(987654))
    assert (exc.value.code, str(exc.value.message)) == ("networks.unknown_organisation", "Tuntematon organisaatio.")
    assert state() == before


def test_create_network_duplicate_code_is_a_conflict(world: Any) -> None:
    with pytest.raises(Conflict) as exc:
        services.network_create(actor=world.coordinator, **create_kwargs(world.hy.pk, code=world.network.code))
    assert exc.value.code == "networks.code_taken"


@pytest.mark.parametrize("who", ["other_coordinator", "editor", "no_role"])
def test_create_network_for_another_organisation_is_denied(world: Any, who: str) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.network_create(actor=getattr(world, who), **create_kwargs(world.hy.pk))
    assert state() == before


def test_update_eligibility_and_billing_is_logged_for_every_member(world: Any) -> None:
    services.network_update(actor=world.coordinator, network=world.network, eligibility_fi="Tutkinto-opiskelijat",
                            pricing_basis="euro_per_credit", price_per_credit=Decimal("10"))
    world.network.refresh_from_db()
    assert (world.network.eligibility_fi, world.network.price_per_credit) == ("Tutkinto-opiskelijat", Decimal("10"))
    change = world.changes().get(network=world.network)
    assert change.kind == "network_updated"
    assert change.details == {"fields": ["eligibility_fi", "price_per_credit", "pricing_basis"]}
    assert change.affected_organisation_ids == sorted([world.hy.pk, world.aalto.pk, world.tuni.pk])


def test_update_network_denied_for_member_editor(world: Any) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.network_update(actor=world.editor, network=world.network, name_fi="Uusi nimi")
    world.network.refresh_from_db()
    assert world.network.name_fi != "Uusi nimi"
    assert state() == before


def test_period_add_refuses_overlap(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.period_add(actor=world.coordinator, network=world.network, start=TODAY, end=None)
    assert exc.value.code == "networks.period_overlap"


def test_network_change_log_is_append_only(world: Any) -> None:
    services.network_update(actor=world.coordinator, network=world.network, name_fi="Uusi")
    change = world.changes().get()
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        NetworkChange.objects.all().delete()
    with pytest.raises(PermissionError):
        NetworkChange.objects.all().update(kind="x")


# ---------------------------------------------------------------- memberships (R-NET-3)

def _aalto_offering(world: Any) -> tuple[Any, list[Any], Any]:
    unit = make_unit(world.aalto)
    reals = [make_realisation(unit), make_realisation(unit)]
    single = make_realisation(make_unit(world.aalto))
    make_targeting(world.network, course_unit=unit)
    make_targeting(world.network, realisation=single)
    return unit, reals, single


def test_r_net_3_membership_preview_counts_realisations_and_study_rights(world: Any) -> None:
    _aalto_offering(world)
    impact = services.preview_membership_change(actor=world.coordinator, network=world.network,
                                                organisation_id=world.aalto.pk, remove=True)
    assert (impact.realisations, impact.study_rights) == (3, 0)
    assert impact.organisations == tuple(sorted([world.hy.pk, world.aalto.pk, world.tuni.pk]))
    assert len(impact.token) == 32


def test_r_net_3_membership_save_needs_the_preview_token(world: Any) -> None:
    kwargs = {"organisation_id": world.outsider.pk, "valid_from": TODAY, "valid_until": None,
              "is_coordinator": False}
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        services.membership_save(actor=world.coordinator, network=world.network, **kwargs)
    assert exc.value.code == "networks.confirmation_required"
    assert exc.value.details["realisations"] == 0
    with pytest.raises(Conflict) as exc2:
        services.membership_save(actor=world.coordinator, network=world.network, confirm="0" * 32, **kwargs)
    assert exc2.value.code == "networks.impact_changed"
    assert state() == before

    impact = services.preview_membership_change(actor=world.coordinator, network=world.network, **kwargs)
    m = services.membership_save(actor=world.coordinator, network=world.network, confirm=impact.token, **kwargs)
    assert (m.organisation_id, m.valid_from, m.valid_until, m.is_coordinator) == (world.outsider.pk, TODAY, None,
                                                                                  False)
    change = world.changes().get(network=world.network)
    assert change.kind == "member_added"
    assert change.affected_organisation_ids == sorted([world.hy.pk, world.aalto.pk, world.tuni.pk,
                                                        world.outsider.pk])


def test_r_net_3_token_goes_stale_when_the_network_changes_in_between(world: Any) -> None:
    kwargs = {"organisation_id": world.tuni.pk, "valid_from": TODAY - dt.timedelta(days=100),
              "valid_until": TODAY + dt.timedelta(days=30), "is_coordinator": False}
    impact = services.preview_membership_change(actor=world.coordinator, network=world.network, **kwargs)
    services.network_update(actor=world.coordinator, network=world.network, name_fi="Muutettu välissä")
    with pytest.raises(Conflict) as exc:
        services.membership_save(actor=world.coordinator, network=world.network, confirm=impact.token, **kwargs)
    assert exc.value.code == "networks.impact_changed"
    assert Membership.objects.get(network=world.network, organisation_id=world.tuni.pk).valid_until is None


def test_r_net_3_study_rights_count_comes_from_the_pluggable_counter(world: Any) -> None:
    seen: list[tuple[int, list[int]]] = []

    def counter(network_id: int, org_ids: list[int]) -> int:
        seen.append((network_id, org_ids))
        return 42

    installed = hooks.eligible_rights_counter()  # the rights app's, registered at start-up
    hooks.register_eligible_rights_counter(counter)
    try:
        impact = services.preview_membership_change(actor=world.coordinator, network=world.network,
                                                    organisation_id=world.tuni.pk, remove=True)
    finally:
        hooks.register_eligible_rights_counter(installed)
    assert impact.study_rights == 42
    assert seen == [(world.network.pk, [world.tuni.pk])]


def test_membership_remove_with_confirmation(world: Any) -> None:
    impact = services.preview_membership_change(actor=world.coordinator, network=world.network,
                                                organisation_id=world.tuni.pk, remove=True)
    services.membership_remove(actor=world.coordinator, network=world.network, organisation_id=world.tuni.pk,
                               confirm=impact.token)
    assert sorted(world.network.memberships.values_list("organisation_id", flat=True)) == \
        sorted([world.hy.pk, world.aalto.pk])
    assert world.changes().get().kind == "member_removed"


def test_coordinating_organisation_cannot_be_removed(world: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.preview_membership_change(actor=world.coordinator, network=world.network,
                                           organisation_id=world.hy.pk, remove=True)
    assert exc.value.code == "networks.coordinator_cannot_leave"


@pytest.mark.parametrize(("over", "code"), [
    ({"valid_until": TODAY - dt.timedelta(days=1)}, "networks.dates_out_of_order"),
    ({"organisation_id": 987654}, "networks.unknown_organisation"),
    ({"organisation_id": None}, "networks.unknown_organisation"),
])
def test_membership_bad_input_changes_nothing(world: Any, over: dict[str, Any], code: str) -> None:
    kwargs = {"organisation_id": world.outsider.pk, "valid_from": TODAY, "valid_until": None, **over}
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        services.preview_membership_change(actor=world.coordinator, network=world.network, **kwargs)
    assert exc.value.code == code
    with pytest.raises(ValidationFailed) as exc:
        services.membership_save(actor=world.coordinator, network=world.network, confirm="x", **kwargs)
    assert exc.value.code == code
    assert state() == before


@pytest.mark.parametrize("who", ["other_coordinator", "editor", "no_role"])
def test_membership_change_denied_without_coordinator_role(world: Any, who: str) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.preview_membership_change(actor=getattr(world, who), network=world.network,
                                           organisation_id=world.outsider.pk, valid_from=TODAY)
    with pytest.raises(PermissionDenied):
        services.membership_save(actor=getattr(world, who), network=world.network,
                                 organisation_id=world.outsider.pk, valid_from=TODAY, confirm="x")
    assert state() == before


# ---------------------------------------------------------------- targeting (R-OFF-2, R-NET-3)

def test_r_net_3_targeting_preview_counts_realisations_of_the_unit(world: Any) -> None:
    unit = make_unit(world.aalto)
    for _ in range(3):
        make_realisation(unit)
    impact = services.preview_targeting_change(actor=world.editor, network=world.network, course_unit_id=unit.pk,
                                               valid_from=TODAY, enrollable=True)
    assert (impact.realisations, impact.study_rights) == (3, 0)
    assert impact.organisations == tuple(sorted([world.hy.pk, world.aalto.pk, world.tuni.pk]))
    real = make_realisation(unit)
    impact2 = services.preview_targeting_change(actor=world.editor, network=world.network, realisation_id=real.pk,
                                                valid_from=TODAY)
    assert impact2.realisations == 1


def test_r_net_3_targeting_saved_only_with_confirmation(world: Any) -> None:
    real = make_realisation(make_unit(world.aalto))
    kwargs = {"realisation_id": real.pk, "valid_from": TODAY, "valid_until": None, "enrollable": False}
    before = state()
    with pytest.raises(ValidationFailed) as exc:
        services.targeting_save(actor=world.editor, network=world.network, **kwargs)
    assert exc.value.code == "networks.confirmation_required"
    assert state() == before
    impact = services.preview_targeting_change(actor=world.editor, network=world.network, **kwargs)
    t = services.targeting_save(actor=world.editor, network=world.network, confirm=impact.token, **kwargs)
    assert (t.organisation_id, t.realisation_id, t.course_unit_id, t.enrollable) == (world.aalto.pk, real.pk, None,
                                                                                     False)
    assert t.realisation_unit_id == real.course_unit_id
    change = world.changes().get()
    assert (change.kind, change.details["id"], change.details["organisation_id"]) == \
        ("targeting_added", real.pk, world.aalto.pk)
    # Changing it again updates the same row.
    kwargs["enrollable"] = True
    impact = services.preview_targeting_change(actor=world.editor, network=world.network, **kwargs)
    services.targeting_save(actor=world.editor, network=world.network, confirm=impact.token, **kwargs)
    assert list(Targeting.objects.values_list("enrollable", flat=True)) == [True]
    assert list(world.changes().values_list("kind", flat=True)) == ["targeting_added", "targeting_changed"]
    impact = services.preview_targeting_change(actor=world.editor, network=world.network, realisation_id=real.pk,
                                               remove=True)
    services.targeting_remove(actor=world.editor, network=world.network, realisation_id=real.pk,
                              confirm=impact.token)
    assert Targeting.objects.count() == 0


def _targeting_error(world: Any, actor: Any, **kwargs: Any) -> DomainError:
    before = state()
    with pytest.raises(DomainError) as exc:
        services.preview_targeting_change(actor=actor, network=world.network, **kwargs)
    with pytest.raises(DomainError) as exc2:
        services.targeting_save(actor=actor, network=world.network, confirm="x", **kwargs)
    assert exc.value.code == exc2.value.code
    assert state() == before
    return exc.value


def test_targeting_another_organisations_offering_is_refused(world: Any) -> None:
    unit = make_unit(world.tuni)  # Tampere's offering, Aalto's editor
    err = _targeting_error(world, world.editor, course_unit_id=unit.pk, valid_from=TODAY)
    assert (err.code, err.status, str(err.message)) == (
        "networks.not_organiser", 403, "Vain tarjonnan järjestäjä voi kohdentaa sen verkostoihin.")


def test_targeting_to_network_where_organiser_is_not_member_is_refused(world: Any) -> None:
    unit = make_unit(world.outsider)
    err = _targeting_error(world, world.outsider_editor, course_unit_id=unit.pk, valid_from=TODAY)
    assert (err.code, err.status) == ("networks.organiser_not_member", 422)


def test_targeting_bad_dates_and_unknown_offering(world: Any) -> None:
    unit = make_unit(world.aalto)
    err = _targeting_error(world, world.editor, course_unit_id=unit.pk, valid_from=TODAY,
                           valid_until=TODAY - dt.timedelta(days=1))
    assert err.code == "networks.dates_out_of_order"
    assert _targeting_error(world, world.editor, course_unit_id=999999, valid_from=TODAY).code == \
        "networks.unknown_offering"
    assert _targeting_error(world, world.editor, valid_from=TODAY).code == "networks.target_missing"


def test_targeting_denied_without_role(world: Any) -> None:
    unit = make_unit(world.aalto)
    assert _targeting_error(world, world.no_role, course_unit_id=unit.pk, valid_from=TODAY).code == \
        "networks.not_organiser"
    assert _targeting_error(world, world.coordinator, course_unit_id=unit.pk, valid_from=TODAY).code == \
        "networks.not_organiser"


def test_r_off_2_targeting_model_has_no_eligibility_fields(world: Any) -> None:
    names = {f.name for f in Targeting._meta.get_fields()}
    assert names == {"id", "created_at", "updated_at", "network", "organisation_id", "course_unit_id",
                     "realisation_id", "realisation_unit_id", "valid_from", "valid_until", "enrollable"}
    with pytest.raises(TypeError):
        services.targeting_save(actor=world.editor, network=world.network, course_unit_id=1,  # type: ignore[call-arg]
                                valid_from=TODAY, eligibility="programme X only", confirm="x")

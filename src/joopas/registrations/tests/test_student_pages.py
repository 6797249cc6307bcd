"""The student's pages: "My studies", a registration's detail with cancel (R-REG-4), registering from the course
page's panel (R-REG-1 refusals shown translated, nothing changed) and the panel itself (R-NET-2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from joopas.accounts import api as accounts_api
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.tests.factories import make_realisation, make_unit
from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.core.tests.matrix import logged_in as _client
from joopas.networks.tests.factories import add_member
from joopas.registrations import services
from joopas.registrations.models import Registration, Selection, SelectionHistory
from joopas.registrations.tests.factories import accepted, make_world, register, window
from joopas.rights.models import Person, StudyRight
from joopas.rights.tests.factories import make_home_right, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    return make_world()


def _state() -> tuple[Any, ...]:
    return (list(Registration.objects.values_list("id", "host_right_id")),
            list(Selection.objects.values_list("id", "status")), Person.objects.count(),
            list(StudyRight.objects.values_list("id", "kind", "end_date")), SelectionHistory.objects.count())


def _other_student(w: dict[str, Any]) -> tuple[Any, Any, Any]:
    """A second Helsinki student, eligible for the same network, with a login."""
    person = make_person(w["hy"], actor=w["home_officer"])
    right = make_home_right(person, actor=w["home_officer"], networks=[w["network"]],
                            end=today() + dt.timedelta(days=900))
    user = UserFactory()
    accounts_api.identity_bind(user_id=user.pk, key=person.hetu_key)
    return person, right, user


def _course(w: dict[str, Any]) -> str:
    return f"/catalogue/course/{w['unit'].pk}/"


def _post_register(client: Client, w: dict[str, Any], *reals: Any, right: Any = None, network: Any = None) -> Any:
    route = f"{(right or w['right']).pk}-{(network or w['network']).pk}"
    return client.post(f"/registrations/register/{w['unit'].pk}/",
                       {"route": route, "realisations": [r.pk for r in reals or [w["real"]]]})


# --- "My studies" ---------------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_log_in_and_nothing_changes(world: dict[str, Any]) -> None:
    reg = register(world)
    before = _state()
    client = Client()
    for response in (client.get("/registrations/my/"), client.get(f"/registrations/my/{reg.pk}/"),
                     client.post(f"/registrations/my/{reg.pk}/cancel/{reg.selections.get().pk}/"),
                     _post_register(client, world)):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert _state() == before


def test_the_student_sees_own_registrations_rights_and_what_happens_next(world: dict[str, Any]) -> None:
    reg = register(world)
    _person, _right, other_user = _other_student(world)
    other_unit = make_unit(world["aalto"], name={"en": "Someone else's course"})
    other_real = make_realisation(other_unit, **window(world["now"]))
    from joopas.networks.tests.factories import make_targeting

    make_targeting(world["network"], course_unit=other_unit)
    services.registration_create(actor=other_user, home_right_id=_right.pk, network_id=world["network"].pk,
                                 realisation_ids=[other_real.pk])
    reads = AuditEvent.objects.filter(event="registrations.own_studies.read").count()
    page = _client(world["student"]).get("/registrations/my/")
    assert page.status_code == 200
    html = page.content.decode()
    assert world["unit"].name_en in html
    assert "Someone else&#x27;s course" not in html and "Someone else's course" not in html
    assert world["aalto"].name_en in html
    assert "waiting for the host&#x27;s decision" in html
    assert "If it has not accepted it within 60 days, the registration lapses." in html
    assert f"/registrations/my/{reg.pk}/" in html
    assert world["right"].identifier in html  # the home right
    assert f"REG-{reg.pk}" in html  # the provisional right at the host
    assert "Provisional study right at the host" in html
    row = AuditEvent.objects.filter(event="registrations.own_studies.read").latest("id")
    assert AuditEvent.objects.filter(event="registrations.own_studies.read").count() == reads + 1
    assert (row.actor_id, row.after["person_ids"], row.after["registration_ids"]) == \
        (world["student"].pk, [world["person"].pk], [reg.pk])


def test_empty_state_says_what_to_do(world: dict[str, Any]) -> None:
    html = _client(world["student"]).get("/registrations/my/").content.decode()
    assert "You have not registered to any course at another institution yet." in html
    assert 'href="/catalogue/"' in html


def test_a_user_without_a_study_right_is_told_what_to_do_and_no_read_is_recorded(world: dict[str, Any]) -> None:
    before = AuditEvent.objects.count()
    html = _client(UserFactory()).get("/registrations/my/").content.decode()
    assert "Your account is not linked to a study right at any university in Joopas yet" in html
    assert AuditEvent.objects.count() == before


def test_another_student_cannot_see_or_cancel_a_registration(world: dict[str, Any]) -> None:
    reg = register(world)
    sel = reg.selections.get()
    _person, _right, other_user = _other_student(world)
    before = _state()
    client = _client(other_user)
    assert client.get(f"/registrations/my/{reg.pk}/").status_code == 404
    assert client.post(f"/registrations/my/{reg.pk}/cancel/{sel.pk}/").status_code == 404
    assert _client(world["host_officer"]).get(f"/registrations/my/{reg.pk}/").status_code == 404
    assert _state() == before


def test_detail_shows_the_history_in_words_and_records_the_read(world: dict[str, Any]) -> None:
    reg = accepted(world)
    html = _client(world["student"]).get(f"/registrations/my/{reg.pk}/").content.decode()
    assert '<ol class="timeline">' in html
    assert f"You registered. The registration was sent to {world['aalto'].name_en}." in html
    assert f"{world['aalto'].name_en} accepted your registration." in html
    assert "Your student number at the host institution: A1" in html
    assert AuditEvent.objects.filter(event="registrations.own_registration.read", subject_id=str(reg.pk)).count() == 1


def test_r_reg_4_cancel_before_acceptance_from_the_page(world: dict[str, Any]) -> None:
    reg = register(world)
    sel = reg.selections.get()
    client = _client(world["student"])
    html = client.get(f"/registrations/my/{reg.pk}/").content.decode()
    assert f"/registrations/my/{reg.pk}/cancel/{sel.pk}/" in html
    response = client.post(f"/registrations/my/{reg.pk}/cancel/{sel.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/registrations/my/{reg.pk}/"
    sel.refresh_from_db()
    assert sel.status == 4
    html = response.content.decode()
    assert "Your registration is cancelled." in html
    assert "The registration was cancelled." in html
    assert f"/cancel/{sel.pk}/" not in html  # cancelled is final: no button


def test_r_reg_4_after_acceptance_outside_the_window_the_page_says_contact_the_host(world: dict[str, Any]) -> None:
    reg = accepted(world)
    sel = reg.selections.get()
    with time_machine.travel(world["now"] + dt.timedelta(days=11), tick=False):  # the window closed yesterday
        client = _client(world["student"])
        html = client.get(f"/registrations/my/{reg.pk}/").content.decode()
        assert f"/cancel/{sel.pk}/" not in html
        assert "Enrolment for this course has closed, so you cannot cancel here. Contact the study office of " \
               "the course&#x27;s university." in html
        before = _state()
        response = client.post(f"/registrations/my/{reg.pk}/cancel/{sel.pk}/", follow=True)
        assert "Enrolment for this course has closed, so you cannot cancel here." in response.content.decode()
        assert _state() == before
    sel.refresh_from_db()
    assert sel.status == 2


def test_r_reg_4_after_acceptance_within_the_window_the_student_cancels(world: dict[str, Any]) -> None:
    reg = accepted(world)
    sel = reg.selections.get()
    client = _client(world["student"])
    assert "You can cancel while the enrolment period is open." in \
        client.get(f"/registrations/my/{reg.pk}/").content.decode()
    client.post(f"/registrations/my/{reg.pk}/cancel/{sel.pk}/")
    sel.refresh_from_db()
    assert sel.status == 4
    assert StudyRight.objects.get(pk=reg.host_right_id).kind == "host_official"  # left for the host to end


# --- the panel on the course page ------------------------------------------------------------------------------

def test_panel_anonymous_is_asked_to_log_in(world: dict[str, Any]) -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(_course(world)).content.decode()
    assert 'id="register"' in html
    assert f'href="/accounts/login/?next=/catalogue/course/{world["unit"].pk}/"' in html
    assert "Log in to register" in html


def test_r_net_2_panel_names_the_network_and_offers_open_realisations(world: dict[str, Any]) -> None:
    closed = make_realisation(world["unit"], **window(world["now"], start_days=-20, end_days=-5))
    html = _client(world["student"]).get(_course(world)).content.decode()
    assert f"You register through the network {world['network'].name_en}." in html
    assert f'action="/registrations/register/{world["unit"].pk}/"' in html
    assert f'value="{world["right"].pk}-{world["network"].pk}"' in html
    assert f'name="realisations" value="{world["real"].pk}"' in html
    assert f'name="realisations" value="{world["other"].pk}"' in html
    assert f'value="{closed.pk}"' not in html
    assert "1 realisation is not open for registration now." in html


def test_r_net_2_panel_says_when_the_right_is_not_marked_for_the_network(world: dict[str, Any]) -> None:
    person = make_person(world["hy"], actor=world["home_officer"])
    make_home_right(person, actor=world["home_officer"], networks=[], end=today() + dt.timedelta(days=900))
    user = UserFactory()
    accounts_api.identity_bind(user_id=user.pk, key=person.hetu_key)
    html = _client(user).get(_course(world)).content.decode()
    assert "Your home institution has not marked your study right for any network that offers this course" in html
    assert 'action="/registrations/register/' not in html


def test_panel_for_other_users(world: dict[str, Any]) -> None:
    html = _client(UserFactory()).get(_course(world)).content.decode()
    assert "Your account is not linked to a study right at any university in Joopas" in html
    aalto_person = make_person(world["aalto"], actor=world["host_officer"])
    make_home_right(aalto_person, actor=world["host_officer"], networks=[world["network"]])
    user = UserFactory()
    accounts_api.identity_bind(user_id=user.pk, key=aalto_person.hetu_key)
    assert "This course is at your own university" in _client(user).get(_course(world)).content.decode()


def test_panel_when_the_course_is_in_no_network_of_the_students_university(world: dict[str, Any]) -> None:
    add_member(world["network"], world["aalto"], valid_from=today() - dt.timedelta(days=100),
               valid_until=today() - dt.timedelta(days=1))
    html = _client(world["student"]).get(_course(world)).content.decode()
    assert "This course is not offered in any network your university belongs to" in html


# --- registering -----------------------------------------------------------------------------------------------

def test_r_reg_1_register_from_the_course_page(world: dict[str, Any]) -> None:
    client = _client(world["student"])
    response = client.post(f"/registrations/register/{world['unit'].pk}/",
                           {"route": f"{world['right'].pk}-{world['network'].pk}",
                            "realisations": [world["real"].pk, world["other"].pk]})
    reg = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/my/{reg.pk}/"
    assert (reg.home_person_id, reg.network_id, reg.registered_by) == \
        (world["person"].pk, world["network"].pk, world["student"].email)
    assert sorted(reg.selections.values_list("realisation_id", "status")) == \
        sorted([(world["real"].pk, 1), (world["other"].pk, 1)])
    html = client.get(response["Location"]).content.decode()
    assert f"You registered to {world['unit'].name_en}." in html
    panel = client.get(_course(world)).content.decode()
    assert "You have registered to this course:" in panel


def _refused(client: Client, response: Any, w: dict[str, Any]) -> str:
    assert response.status_code == 302
    assert response["Location"] == f"{_course(w)}#register"
    return client.get(_course(w)).content.decode()


def test_r_reg_1_refusal_enrolment_closed_is_shown_at_the_field(world: dict[str, Any]) -> None:
    closed = make_realisation(world["unit"], **window(world["now"], start_days=-20, end_days=-5))
    client = _client(world["student"])
    before = _state()
    html = _refused(client, _post_register(client, world, closed), world)
    assert _state() == before
    assert 'role="alert"' in html
    assert "Registration for this course is not open now." in html
    assert 'id="register_realisations_error"' in html or "register_realisations" in html
    # shown once: the next visit has the plain form
    assert "Registration for this course is not open now." not in client.get(_course(world)).content.decode()


def test_r_reg_1_refusal_duplicate(world: dict[str, Any]) -> None:
    register(world)
    client = _client(world["student"])
    before = _state()
    html = _refused(client, _post_register(client, world), world)
    assert "You have already registered to this course." in html
    assert _state() == before


def test_r_reg_1_refusal_right_not_eligible(world: dict[str, Any]) -> None:
    from joopas.rights import services as rights_services

    rights_services.right_dates_update(actor=world["home_officer"], right_id=world["right"].pk,
                                       start_date=world["right"].start_date, end_date=today() - dt.timedelta(days=1))
    client = _client(world["student"])
    before = _state()
    html = _refused(client, _post_register(client, world), world)
    assert "Your study right does not allow cross-institutional studies in this network today." in html
    assert _state() == before


def test_r_reg_1_refusal_network_not_valid(world: dict[str, Any]) -> None:
    add_member(world["network"], world["aalto"], valid_from=today() - dt.timedelta(days=100),
               valid_until=today() - dt.timedelta(days=1))
    client = _client(world["student"])
    before = _state()
    html = _refused(client, _post_register(client, world), world)
    assert "do not cooperate in this network on this date" in html
    assert _state() == before


def test_register_form_errors_change_nothing(world: dict[str, Any]) -> None:
    client = _client(world["student"])
    _person, other_right, _user = _other_student(world)
    before = _state()
    response = client.post(f"/registrations/register/{world['unit'].pk}/",
                           {"route": f"{world['right'].pk}-{world['network'].pk}"})
    html = _refused(client, response, world)
    assert "Choose at least one realisation to register to." in html
    # someone else's study right is not a choice
    html = _refused(client, _post_register(client, world, right=other_right), world)
    assert "That network is not one you can register through." in html
    for bad in ({"route": "x-y", "realisations": ["1"]}, {"route": "1-2", "realisations": ["nope"]}):
        assert client.post(f"/registrations/register/{world['unit'].pk}/", bad).status_code == 302
    assert client.post("/registrations/register/999999/", {}).status_code == 404
    assert client.get(f"/registrations/register/{world['unit'].pk}/").status_code == 405
    assert _state() == before


def test_r_reg_1_refusal_is_shown_in_the_students_language(world: dict[str, Any]) -> None:
    register(world)
    client = _client(world["student"], lang="fi")
    html = _refused(client, _post_register(client, world), world)
    assert "Olet jo ilmoittautunut tälle opintojaksolle." in html
    client = _client(world["student"], lang="sv")
    html = _refused(client, _post_register(client, world), world)
    assert "Du har redan anmält dig till kursen." in html


def test_the_desk_links_the_student_to_my_studies(world: dict[str, Any]) -> None:
    html = _client(world["student"]).get("/accounts/desk/").content.decode()
    assert 'href="/registrations/my/"' in html
    assert 'href="/registrations/my/"' not in _client(UserFactory()).get("/accounts/desk/").content.decode()


def test_panel_after_registering_to_every_open_realisation(world: dict[str, Any]) -> None:
    register(world, world["real"], world["other"])
    html = _client(world["student"]).get(_course(world)).content.decode()
    assert "You have registered to every realisation of this course that is open now." in html
    assert 'action="/registrations/register/' not in html
    assert html.count("/registrations/my/") >= 2


def test_the_host_ending_participation_is_shown_with_its_reason(world: dict[str, Any]) -> None:
    from joopas.core.errors import DomainError, PermissionDenied

    reg = accepted(world)
    sel = reg.selections.get()
    before = _state()
    with pytest.raises(DomainError) as err:
        services.selection_abort(actor=world["host_officer"], selection_id=sel.pk, reason=" ")
    assert err.value.code == "registrations.selection.reason_required"
    with pytest.raises(PermissionDenied):
        services.selection_abort(actor=world["home_officer"], selection_id=sel.pk, reason="No")
    assert _state() == before
    services.selection_abort(actor=world["host_officer"], selection_id=sel.pk, reason="Not attending")
    sel.refresh_from_db()
    assert (sel.status, sel.reason) == (5, "Not attending")
    html = _client(world["student"]).get(f"/registrations/my/{reg.pk}/").content.decode()
    assert f"{world['aalto'].name_en} cancelled your participation. Reason: Not attending" in html
    assert f"/cancel/{sel.pk}/" not in html
    assert StudyRight.objects.get(pk=reg.host_right_id).kind == "host_official"


def test_a_registration_made_by_the_home_office_says_so(world: dict[str, Any]) -> None:
    reg = register(world, actor=world["home_officer"])
    html = _client(world["student"]).get(f"/registrations/my/{reg.pk}/").content.decode()
    assert f"Your university registered you. The registration was sent to {world['aalto'].name_en}." in html

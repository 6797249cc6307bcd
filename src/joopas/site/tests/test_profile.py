"""Login lands on the desk for staff; the profile: name, email, language, password change, own sessions (issue 11,
item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.models import User
from joopas.accounts.tests.factories import PASSWORD, UserFactory
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.site.models import LoginSession
from joopas.site.selectors import browser_label

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def _login(user: Any, *, lang: str = "en", agent: str = FIREFOX) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    client.cookies["joopas_language"] = lang
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_staff_login_lands_on_the_desk() -> None:
    user = UserFactory()
    grant(user, OrganisationFactory(), Role.OFFICER)
    client = Client()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD}, follow=True)
    assert [url for url, _status in response.redirect_chain] == ["/accounts/welcome/", "/accounts/desk/"]


def test_login_without_roles_lands_on_the_front_page() -> None:
    user = UserFactory()
    response = Client().post("/accounts/login/", {"username": user.email, "password": PASSWORD}, follow=True)
    assert [url for url, _status in response.redirect_chain] == ["/accounts/welcome/", "/"]


def test_login_with_next_still_goes_there() -> None:
    user = UserFactory()
    grant(user, OrganisationFactory(), Role.OFFICER)
    response = Client().post("/accounts/login/?next=/profile/", {"username": user.email, "password": PASSWORD})
    assert response["Location"] == "/profile/"


def test_profile_requires_login() -> None:
    response = Client().get("/profile/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/profile/")


def test_profile_shows_name_email_language_and_this_session() -> None:
    user = UserFactory(email="olli@example.fi", first_name="Olli", last_name="Opiskelija", language="sv")
    html = _login(user).get("/profile/").content.decode()
    assert "<dt>Name</dt><dd>Olli Opiskelija</dd>" in html
    assert "<dt>Email</dt><dd>olli@example.fi</dd>" in html
    assert '<option value="sv" selected>' in html
    assert '<td>Firefox, Linux</td>' in html
    assert '<span class="badge badge-success">This session</span>' in html
    assert 'href="/profile/password/"' in html
    assert "You are not logged in anywhere else." in html


def test_profile_language_is_saved_for_the_account_and_the_pages() -> None:
    user = UserFactory(language="fi")
    client = _login(user)
    response = client.post("/profile/", {"language": "sv"})
    assert (response.status_code, response["Location"]) == (302, "/profile/")
    user.refresh_from_db()
    assert user.language == "sv"
    assert response.cookies["joopas_language"].value == "sv"
    html = client.get("/profile/").content.decode()
    assert '<html lang="sv">' in html and "Ditt språk har sparats." in html


def test_profile_refuses_an_unknown_language_and_changes_nothing() -> None:
    user = UserFactory(language="fi")
    response = _login(user).post("/profile/", {"language": "de"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert user.language == "fi"


def test_profile_lists_the_other_sessions_and_logs_them_out() -> None:
    user, stranger = UserFactory(), UserFactory()
    here, there = _login(user), _login(user, agent=SAFARI)
    elsewhere = _login(stranger)
    html = here.get("/profile/").content.decode()
    assert '<td>Safari, iOS</td>' in html and '<span class="badge badge-neutral">Another session</span>' in html
    response = here.post("/profile/sessions/end-others/")
    assert (response.status_code, response["Location"]) == (302, "/profile/")
    assert "You were logged out of your other sessions (1)." in here.get("/profile/").content.decode()
    assert there.get("/profile/")["Location"] == "/accounts/login/?next=/profile/"  # logged out there
    assert here.get("/profile/").status_code == 200  # still logged in here
    assert elsewhere.get("/profile/").status_code == 200  # another person's session is untouched
    assert list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True)) == \
        [here.session.session_key]


def test_end_other_sessions_needs_post() -> None:
    client = _login(UserFactory())
    assert client.get("/profile/sessions/end-others/").status_code == 405


def test_password_change_keeps_this_session_and_ends_the_others() -> None:
    user = UserFactory()
    here, there = _login(user), _login(user, agent=SAFARI)
    new = "Uusi-pitka-salasana-2026"
    response = here.post("/profile/password/", {"old_password": PASSWORD, "new_password1": new,
                                                 "new_password2": new})
    assert (response.status_code, response["Location"]) == (302, "/profile/")
    assert User.objects.get(pk=user.pk).check_password(new)
    html = here.get("/profile/").content.decode()
    assert "Your password is now changed. Your other sessions were logged out." in html
    assert there.get("/profile/").status_code == 302
    assert LoginSession.objects.filter(user=user, session_key=here.session.session_key).exists()


def test_password_change_with_a_wrong_old_password_marks_the_field_and_changes_nothing() -> None:
    user = UserFactory()
    client = _login(user, lang="fi")
    response = client.post("/profile/password/", {"old_password": "väärä", "new_password1": "Uusi-pitka-salasana-2026",
                                                  "new_password2": "Uusi-pitka-salasana-2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary' in html and 'href="#id_old_password"' in html
    assert 'aria-invalid="true"' in html
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_ended_sessions_are_forgotten_at_the_next_login() -> None:
    user = UserFactory()
    first = _login(user)
    Session.objects.filter(session_key=first.session.session_key).delete()  # expired / cleared
    _login(user)
    assert LoginSession.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(("agent", "label"), [
    (FIREFOX, "Firefox, Linux"), (SAFARI, "Safari, iOS"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 "
     "Edg/126.0", "Edge, Windows"),
    ("curl/8.0", ""),
])
def test_browser_label(agent: str, label: str) -> None:
    assert browser_label(agent) == label

"""Templates: placeholders, registration errors, rendering with escaping (rules + registry, no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import gettext_lazy as _

from joopas.notifications import registry, rules
from joopas.notifications.rules import TemplateError


def test_r_com_1_placeholders_are_the_named_fields_of_a_template() -> None:
    assert rules.placeholders("Hello %(name)s, 100%% of %(number)s") == {"name", "number"}
    assert rules.placeholders("no fields") == frozenset()


@pytest.mark.parametrize("bad", ["Hello %s", "50% off", "%(name)", "%(name)x", "%d items"])
def test_a_malformed_template_is_refused_at_once(bad: str) -> None:
    with pytest.raises(TemplateError):
        rules.placeholders(bad)


def test_register_event_refuses_bad_templates_unknown_channels_and_sms_without_text() -> None:
    with pytest.raises(TemplateError, match="named placeholders"):
        registry.register_event("tests.bad", subject=_("Hi %s"), body=_("x"))
    with pytest.raises(TemplateError, match="unknown channels"):
        registry.register_event("tests.bad", subject=_("Hi"), body=_("x"), channels=("fax",))
    with pytest.raises(TemplateError, match="sms= text"):
        registry.register_event("tests.bad", subject=_("Hi"), body=_("x"), channels=("sms",))
    assert "tests.bad" not in registry.registered()


def test_register_event_collects_placeholders_of_every_text() -> None:
    spec = registry.register_event("tests.fields", subject=_("About %(number)s"), body=_("Hi %(name)s"),
                                   channels=("email", "inbox", "sms"), sms=_("On %(day)s"))
    try:
        assert spec.placeholders == {"number", "name", "day"}
    finally:
        registry.unregister("tests.fields")


def test_every_registered_event_renders_in_fi_sv_and_en() -> None:
    """A translation with a placeholder the source lacks would fail here, not at send time."""
    assert "notifications.welcome" in registry.registered()
    assert registry.check_translations() == []


def test_check_translations_reports_a_translation_with_an_unknown_placeholder() -> None:
    # as if a translator had renamed the field: the spec's source has "name", its text "nimi"
    registry._EVENTS["tests.translated"] = registry.EventSpec("tests.translated", "Hei %(nimi)s", "Body", None,
                                                              ("email",), frozenset({"name"}))
    try:
        assert registry.check_translations() == [
            f"tests.translated subject ({lang}): unknown placeholders ['nimi']" for lang in ("fi", "sv", "en")]
    finally:
        registry.unregister("tests.translated")


def test_rendering_escapes_values_in_html_and_keeps_headers_on_one_line() -> None:
    value = '<script>alert("x")</script>\nBcc: evil@example.com'
    html = rules.render("<b>Hi</b> %(name)s", {"name": value}, "fi", html=True)
    assert html == ("&lt;b&gt;Hi&lt;/b&gt; &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\n"
                    "Bcc: evil@example.com")
    subject = rules.render("About %(name)s", {"name": value}, "fi", single_line=True)
    assert subject == 'About <script>alert("x")</script> Bcc: evil@example.com'
    assert "\n" not in subject
    # one pass: a value that looks like a placeholder stays text
    assert rules.render("Hi %(name)s", {"name": "%(secret)s"}, "fi") == "Hi %(secret)s"


def test_dates_are_written_in_the_recipients_language() -> None:
    day = dt.date(2027, 2, 1)
    assert [rules.render("%(day)s", {"day": day}, lang) for lang in ("fi", "sv", "en")] == \
        ["1.2.2027", "1.2.2027", "1 Feb 2027"]


def test_html_paragraphs_escape_the_text() -> None:
    assert rules.html_paragraphs("a <b>\nc\n\nd & e") == "<p>a &lt;b&gt;<br>c</p><p>d &amp; e</p>"


@pytest.mark.parametrize(("link", "kept"), [("/applications/1/", "/applications/1/"), ("//evil.example/", ""),
                                            ("javascript:alert(1)", ""), ("https://evil.example/", ""),
                                            ("/\\evil", ""), ("", "")])
def test_only_a_path_in_the_service_may_be_a_link(link: str, kept: str) -> None:
    assert rules.safe_link(link) == kept


def test_channels_follow_what_the_person_gave() -> None:
    assert rules.channels_for(("email", "inbox", "sms"), email="a@b.fi", phone="", is_user=True) == ["email"]
    assert rules.channels_for(("email", "sms"), email="", phone="+358401234567", is_user=False) == ["sms"]
    assert rules.channels_for(("inbox",), email="a@b.fi", phone="+358401234567", is_user=True) == []
    assert rules.channels_for(("sms",), email="", phone="not a phone", is_user=False) == []


def test_recipient_refs_identify_users_and_addresses() -> None:
    assert rules.recipient_ref(user_id=7) == "user:7"
    assert rules.recipient_ref(email=" A@B.fi ", phone="+358 40 123") == "address:a@b.fi|+35840123"
    assert rules.language_of("sv") == "sv"
    assert rules.language_of("de") == "fi"

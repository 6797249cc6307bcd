from __future__ import annotations

import pytest

from joopas.core.errors import Conflict, IllegalTransition, ValidationFailed
from joopas.organisations import rules

PRELOADED = {"university", "uas", "vst", "vocational"}
HY = rules.ExistingOrganisation("1.2.246.562.10.39218317368", "Helsingin yliopisto", "Helsingfors universitet",
                                "University of Helsinki", "university", "0313471-7", "active")
CO = rules.ExistingOrganisation("1.2.246.562.10.10000000009", "Demo Koulutus Oy", "", "", "other", "1234567-1",
                                "active")
GONE = rules.ExistingOrganisation("1.2.246.562.10.10000000017", "Hylätty Oy", "", "", "other", "7654321-9",
                                  "rejected")


def test_r_org_2_duplicate_business_id_is_refused_and_points_to_the_existing_one():
    with pytest.raises(Conflict) as exc:
        rules.check_not_duplicate("1234567-1", ["Uusi nimi Oy"], [HY, CO], PRELOADED)
    assert exc.value.code == "organisations.registration.duplicate"
    assert exc.value.details == {"oid": CO.oid, "name": "Demo Koulutus Oy"}
    assert CO.oid in str(exc.value.message)


def test_r_org_2_name_of_a_preloaded_organisation_is_refused_in_any_language():
    assert rules.find_duplicate("2345678-1", ["  helsingfors   UNIVERSITET "], [HY, CO], PRELOADED) == HY


def test_r_org_2_same_name_as_a_company_is_allowed_and_rejected_ones_do_not_block():
    assert rules.find_duplicate("2345678-1", ["Demo Koulutus Oy"], [HY, CO], PRELOADED) is None
    assert rules.find_duplicate("7654321-9", ["Hylätty Oy"], [GONE], PRELOADED) is None


def test_r_org_1_business_id_checksum_is_checked():
    assert rules.clean_business_id("1234567-1") == "1234567-1"
    with pytest.raises(ValidationFailed) as exc:
        rules.clean_business_id("1234567-2")
    assert exc.value.code == "identifier.business_id.checksum"


def test_r_org_1_registration_state_machine_and_reason():
    rules.check_registration_transition("submitted", "approved")
    rules.check_registration_transition("submitted", "rejected")
    with pytest.raises(IllegalTransition):
        rules.check_registration_transition("approved", "rejected")
    with pytest.raises(IllegalTransition):
        rules.check_registration_transition("rejected", "approved")
    with pytest.raises(ValidationFailed) as exc:
        rules.check_rejection_reason("   ")
    assert exc.value.code == "organisations.registration.reason_missing"
    assert rules.check_rejection_reason(" Ei JOTPA-rahoitusta ") == "Ei JOTPA-rahoitusta"

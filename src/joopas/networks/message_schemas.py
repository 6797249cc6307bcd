"""The networks' exchange message payloads (version 1), in the RIPA v9 vocabulary (`network/network.json`):
`CREATE_NETWORK_REQUEST` / `UPDATE_NETWORK_REQUEST` from the coordinating organisation's system, and the
`NETWORK_CREATED/UPDATED_NOTIFICATION` Joopas sends to the members.

Strict Pydantic models built from the exchange's common vocabulary (`joopas.exchange.data`); registered in
`networks/messages.py`. They are the source of the published JSON Schemas (`docs/api/messages/v1/`), so a
change here is a schema change. The limits follow the networks' own columns (identifier ≤ 40 characters,
names ≤ 200, abbreviation ≤ 30), so nothing a schema accepts can overflow a column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, model_validator

from joopas.core.text import PLAIN
from joopas.exchange.data import EXAMPLE, PLAIN_TEXT, Code, LocalisedString, NonEmpty, Strict, partial

NetworkId = Annotated[str, Field(min_length=1, max_length=40, description=f"The network's identifier. {PLAIN_TEXT}"),
                      PLAIN]
NetworkNameText = Annotated[str, Field(max_length=200, description=PLAIN_TEXT), PLAIN]
Abbreviation = Annotated[str, Field(max_length=30, description=PLAIN_TEXT), PLAIN]
NetworkType = Literal["CURRICULUM_LEVEL", "FREEDOM_OF_CHOICE", "JOO_AGREEMENT"]
Price = Annotated[float, Field(ge=0, le=99_999, description="Euros per credit, at most two decimals")]


class NetworkNameValues(Strict):
    fi: NetworkNameText | None = None
    sv: NetworkNameText | None = None
    en: NetworkNameText | None = None

    @model_validator(mode="after")
    def _one_language(self) -> NetworkNameValues:
        if not any((self.fi, self.sv, self.en)):
            raise ValueError("give the name in at least one of fi, sv, en")
        return self


class NetworkName(Strict):
    """The network's name in Finnish, Swedish and/or English (each at most 200 characters)."""

    values: NetworkNameValues


class NetworkValidity(Strict):
    """FIXED: from `start` to `end`; INDEFINITELY: from `start` on (`end` null or left out). Joopas keeps the
    dates (in Finnish time)."""

    continuity: Literal["FIXED", "INDEFINITELY"]
    start: AwareDatetime
    end: AwareDatetime | None = None

    @model_validator(mode="after")
    def _shape(self) -> NetworkValidity:
        if self.continuity == "FIXED" and self.end is None:
            raise ValueError("a FIXED validity needs its end")
        if self.continuity == "INDEFINITELY" and self.end is not None:
            raise ValueError("an INDEFINITELY validity has no end")
        if self.end is not None and self.end < self.start:
            raise ValueError("the end is before the start")
        return self


class NetworkOrganisation(Strict):
    """A member organisation, named by its Statistics Finland code, and its own validity in the network."""

    organisationTkCode: NonEmpty
    isCoordinator: bool
    validityInNetwork: NetworkValidity


class Expenses(Strict):
    """What studies in the network cost: `pay` false = free; true = `pricingBasis` and `price`."""

    pay: bool
    pricingBasis: Literal["EURO_PER_CREDIT", "OTHER_PRICING_BASIS"] | None = None
    price: Price | None = None

    @model_validator(mode="after")
    def _shape(self) -> Expenses:
        if self.pay and (self.pricingBasis is None or self.price is None):
            raise ValueError("a network that is paid for needs pricingBasis and price")
        if not self.pay and (self.pricingBasis is not None or self.price is not None):
            raise ValueError("a free network has no pricingBasis or price")
        if self.price is not None and Decimal(str(self.price)) != Decimal(str(self.price)).quantize(Decimal("0.01")):
            raise ValueError("a price has at most two decimals")
        return self


class Network(Strict):
    """A cooperation network (RIPA `network`). Every field of the vocabulary is accepted."""

    id: NetworkId
    name: NetworkName
    abbreviation: Abbreviation | None = None
    networkType: NetworkType = Field(description="JOO_AGREEMENT: the national JOO agreement (a Joopas addition)")
    description: LocalisedString | None = None
    targetGroups: Annotated[list[Code], Field(max_length=50)] | None = None
    organisations: Annotated[list[NetworkOrganisation], Field(min_length=2, max_length=500)]
    furtherInformation: LocalisedString | None = None
    restrictions: Annotated[list[Code], Field(max_length=50)] | None = None
    validity: NetworkValidity
    expenses: Expenses | None = None
    published: bool

    @model_validator(mode="after")
    def _members_once(self) -> Network:
        codes = [o.organisationTkCode for o in self.organisations]
        if len(set(codes)) != len(codes):
            raise ValueError("an organisation is listed more than once in organisations")
        return self


NetworkUpdate = partial(Network, "NetworkUpdate", keep=("id",),
                        doc="A network update: its `id` and only the fields that change.")


class CreateNetworkRequest(Strict):
    """A new network, sent by its coordinating organisation (listed in `organisations` with isCoordinator)."""

    network: Network


class UpdateNetworkRequest(Strict):
    """A change of a network, sent by its coordinating organisation; only the fields that change."""

    network: NetworkUpdate  # type: ignore[valid-type]


class NetworkBody(Strict):
    """The network as Joopas tells its members (built from the networks' own data)."""

    id: NonEmpty
    name: LocalisedString
    abbreviation: str | None = None
    networkType: NetworkType
    description: LocalisedString | None = None
    targetGroups: list[Code] | None = None
    organisations: list[NetworkOrganisation]
    furtherInformation: LocalisedString | None = None
    restrictions: list[Code] | None = None
    validity: NetworkValidity
    expenses: Expenses | None = None
    published: bool


class NetworkNotification(Strict):
    """A network was created or changed; sent to its member organisations."""

    network: NetworkBody


# --- the documented examples (every field filled) ------------------------------------------------------

def example_network() -> dict[str, Any]:
    return {
        "id": "ETELA-VALINNAINEN", "name": {"values": {"fi": "Etelän valinnaisten opintojen verkosto",
                                                       "sv": "Södra nätverket för valfria studier",
                                                       "en": "Southern elective studies network"}},
        "abbreviation": "EVO", "networkType": "FREEDOM_OF_CHOICE",
        "description": {"values": {"fi": "Jäsenten opiskelijat voivat opiskella toistensa valinnaisia opintoja.",
                                   "sv": "Medlemmarnas studerande kan läsa varandras valfria studier.",
                                   "en": "Students of the members may take each other's elective studies."}},
        "targetGroups": [{"key": "1", "codeSetKey": "kohderyhma"}],
        "organisations": [
            {"organisationTkCode": EXAMPLE.hy_tk, "isCoordinator": True,
             "validityInNetwork": {"continuity": "INDEFINITELY", "start": "2026-08-01T00:00:00+03:00"}},
            {"organisationTkCode": EXAMPLE.aalto_tk, "isCoordinator": False,
             "validityInNetwork": {"continuity": "FIXED", "start": "2026-08-01T00:00:00+03:00",
                                   "end": "2028-07-31T23:59:59+03:00"}}],
        "furtherInformation": {"values": {"fi": "Lisätietoja verkoston koordinaattorilta.",
                                          "en": "Ask the network's coordinator for more."}},
        "restrictions": [{"key": "2", "codeSetKey": "rajoitus"}],
        "validity": {"continuity": "FIXED", "start": "2026-08-01T00:00:00+03:00", "end": "2029-07-31T23:59:59+03:00"},
        "expenses": {"pay": True, "pricingBasis": "EURO_PER_CREDIT", "price": 15.5},
        "published": True,
    }


def example_update() -> dict[str, Any]:
    return {"id": "ETELA-VALINNAINEN", "abbreviation": "EVO-2",
            "organisations": [
                {"organisationTkCode": EXAMPLE.hy_tk, "isCoordinator": True,
                 "validityInNetwork": {"continuity": "INDEFINITELY", "start": "2026-08-01T00:00:00+03:00"}},
                {"organisationTkCode": EXAMPLE.aalto_tk, "isCoordinator": False,
                 "validityInNetwork": {"continuity": "INDEFINITELY", "start": "2026-08-01T00:00:00+03:00"}}],
            "expenses": {"pay": False}}

"""Every trading endpoint once, with its permission and a body that passes the schema, for the matrix
tests: each path's ids are named like the route's parameters, so ``url(**ids)`` fills them in."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.api.trading import helpers as t

SHA256 = "0" * 64
BadValues = tuple[tuple[str, Any, str], ...]  # (field, value, the field the 422 names)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: str
    body: dict[str, Any] | None = None  # a body the schema accepts (its ids point nowhere)
    body_required: bool = False
    bad_values: BadValues = field(default=())

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    def url(self, **ids: object) -> str:
        return self.path.format(**{name: ids.get(name, uuid.uuid4()) for name in self.params})


def _nowhere() -> t.Market:
    """A market of ids that point nowhere: bodies the schema accepts, for requests that never get far."""

    def party() -> t.Party:
        return t.Party(str(uuid.uuid4()), str(uuid.uuid4()))

    return t.Market(str(uuid.uuid4()), party(), party(), party())


NOWHERE = _nowhere()
PARTY = str(uuid.uuid4())
TOO_LONG = "x" * 1001

AVAILABILITY_BAD_VALUES: BadValues = (
    ("quantity", 100.5, "quantity"),  # a JSON float: decimals travel as strings (an integer is exact)
    ("price", "sixty thousand", "price"),
    ("price", "NaN", "price"),
    ("price", "1e40", "price"),
    ("price_type", "auction", "price_type"),
    ("visibility", "secret", "visibility"),
    ("currency", "RUPEE", "currency"),
    ("country_of_origin", "IND", "country_of_origin"),
    ("unit", "", "unit"),
    ("available_from", "next monday", "available_from"),
    ("cut_off", "25:00", "cut_off"),
    ("cut_off", "12:00:00+05:30", "cut_off"),  # a local time: an offset would be dropped silently
    ("partial_orders_allowed", "perhaps", "partial_orders_allowed"),
    ("ship_from_location_id", "warehouse-7", "ship_from_location_id"),
    ("commodity_id", None, "commodity_id"),
    ("listed_buyers", ["not-a-uuid"], "listed_buyers.0"),
    ("quality", {"micronaire": 4.2}, "quality.micronaire"),
    ("delivery_terms", "x" * 501, "delivery_terms"),
    ("delivery_terms", "ex-gin\x00", "delivery_terms"),  # PostgreSQL cannot store a NUL
    ("quality", {"colour_grade\x00": "white"}, "quality"),
    ("available_until", "9999-12-31", "available_until"),  # its end is past the last instant there is
    ("colour", "white", "colour"),
)
REQUIREMENT_BAD_VALUES: BadValues = (
    ("min_quantity", 50.5, "min_quantity"),
    ("max_price", "Infinity", "max_price"),
    ("urgency", "yesterday", "urgency"),
    ("visibility", "friends", "visibility"),
    ("delivery_points", [], "delivery_points"),
    ("delivery_points", [{"location_id": "x", "max_distance_km": "10"}], "delivery_points.0.location_id"),
    ("delivery_points", [{"location_id": PARTY, "max_distance_km": 10.5}], "delivery_points.0.max_distance_km"),
    ("quality", [{"parameter": "staple_length", "min": 28.5}], "quality.0.min"),
    ("quality", [{"parameter": "staple_length", "typo": "28"}], "quality.0.typo"),
    ("allow_inter_state", "sometimes", "allow_inter_state"),
    ("delivery_until", "2030-02-30", "delivery_until"),
    ("buyer_partner_id", 42, "buyer_partner_id"),
    ("payment_terms", "30 days\x00", "payment_terms"),
    ("delivery_until", "9999-12-31", "delivery_until"),
    ("cut_off", "18:00:00Z", "cut_off"),
)
OFFER_BAD_VALUES: BadValues = (
    ("price", 59000.5, "price"),
    ("price", "cheap", "price"),
    ("quantity", "-", "quantity"),
    ("quantity_unit", "B" * 21, "quantity_unit"),
    ("payment_terms", "", "payment_terms"),
    ("delivery_date", "soon", "delivery_date"),
    ("notes", TOO_LONG, "notes"),
    ("notes", "call\x00me", "notes"),
    ("acting_for_partner_id", "the buyer", "acting_for_partner_id"),
)
ACCEPT_BAD_VALUES: BadValues = (
    ("approve_linked_parties", "yes please", "approve_linked_parties"),
    ("ship_to_location_id", "mill gate", "ship_to_location_id"),
    ("acting_for_partner_id", 7, "acting_for_partner_id"),
)
REASON_BAD_VALUES: BadValues = (
    ("reason", TOO_LONG, "reason"),
    ("reason", 12, "reason"),
    ("reason", "no\x00", "reason"),
)
STATUS_BAD_VALUES: BadValues = (
    ("status", "shipped", "status"),
    ("status", None, "status"),
    ("reason", TOO_LONG, "reason"),
)
AMENDMENT_BAD_VALUES: BadValues = (
    ("reason", "", "reason"),
    ("price", 61000.0, "price"),
    ("quantity", "1e40", "quantity"),
    ("delivery_date", "31/01/2030", "delivery_date"),
    ("bill_to_location_id", "head office", "bill_to_location_id"),
)
SIGNATURE_BAD_VALUES: BadValues = (
    ("tier", "wet_ink", "tier"),
    ("document_sha256", "z" * 64, "document_sha256"),
    ("confirm", False, "confirm"),
    ("signer_name", "", "signer_name"),
    ("signer_name", "n" * 201, "signer_name"),
    ("signer_name", "R.\x00Patel", "signer_name"),
)

AVAILABILITY = "/api/v1/availabilities/{availability_id}"
REQUIREMENT = "/api/v1/requirements/{requirement_id}"
NEGOTIATION = "/api/v1/negotiations/{negotiation_id}"
OFFER = NEGOTIATION + "/offers/{offer_id}"
TRADE = "/api/v1/trades/{trade_id}"
AMENDMENT = TRADE + "/amendments/{amendment_id}"

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/api/v1/availabilities",
        "trading.post",
        t.availability(NOWHERE),
        body_required=True,
        bad_values=AVAILABILITY_BAD_VALUES,
    ),
    Endpoint("GET", "/api/v1/availabilities", "trading.read"),
    Endpoint("GET", AVAILABILITY, "trading.read"),
    Endpoint("POST", AVAILABILITY + "/publish", "trading.post"),
    Endpoint(
        "POST", AVAILABILITY + "/cancel", "trading.post", {"reason": "sold elsewhere"}, bad_values=REASON_BAD_VALUES
    ),
    Endpoint(
        "POST",
        "/api/v1/requirements",
        "trading.post",
        t.requirement(NOWHERE),
        body_required=True,
        bad_values=REQUIREMENT_BAD_VALUES,
    ),
    Endpoint("GET", "/api/v1/requirements", "trading.read"),
    Endpoint("GET", REQUIREMENT, "trading.read"),
    Endpoint("POST", REQUIREMENT + "/publish", "trading.post"),
    Endpoint(
        "POST", REQUIREMENT + "/cancel", "trading.post", {"reason": "bought elsewhere"}, bad_values=REASON_BAD_VALUES
    ),
    Endpoint("POST", REQUIREMENT + "/match", "trading.match"),
    Endpoint("GET", REQUIREMENT + "/matches", "trading.read"),
    Endpoint(
        "POST",
        "/api/v1/matches/{match}/negotiations",
        "trading.negotiate",
        {"acting_for_partner_id": PARTY},
        bad_values=(("acting_for_partner_id", "me", "acting_for_partner_id"),),
    ),
    Endpoint("GET", "/api/v1/negotiations", "trading.read"),
    Endpoint("GET", NEGOTIATION, "trading.read"),
    Endpoint(
        "POST",
        NEGOTIATION + "/offers",
        "trading.negotiate",
        {"price": "60000", "quantity": "20", "quantity_unit": "BALE", "acting_for_partner_id": PARTY},
        body_required=True,
        bad_values=OFFER_BAD_VALUES,
    ),
    Endpoint(
        "POST", OFFER + "/accept", "trading.negotiate", {"acting_for_partner_id": PARTY}, bad_values=ACCEPT_BAD_VALUES
    ),
    Endpoint(
        "POST",
        OFFER + "/reject",
        "trading.negotiate",
        {"reason": "too dear", "acting_for_partner_id": PARTY},
        bad_values=REASON_BAD_VALUES,
    ),
    Endpoint(
        "POST",
        NEGOTIATION + "/withdraw",
        "trading.negotiate",
        {"reason": "no longer needed", "acting_for_partner_id": PARTY},
        bad_values=REASON_BAD_VALUES,
    ),
    Endpoint("GET", "/api/v1/trades", "trading.read"),
    Endpoint("GET", TRADE, "trading.read"),
    Endpoint(
        "POST",
        TRADE + "/status",
        "trading.trade",
        {"status": "in_transit"},
        body_required=True,
        bad_values=STATUS_BAD_VALUES,
    ),
    Endpoint(
        "POST",
        TRADE + "/amendments",
        "trading.amend",
        {"reason": "a better price", "price": "59000", "acting_for_partner_id": PARTY},
        body_required=True,
        bad_values=AMENDMENT_BAD_VALUES,
    ),
    Endpoint(
        "POST",
        AMENDMENT + "/approve",
        "trading.amend",
        {"acting_for_partner_id": PARTY},
        bad_values=(("acting_for_partner_id", "seller", "acting_for_partner_id"),),
    ),
    Endpoint(
        "POST",
        AMENDMENT + "/reject",
        "trading.amend",
        {"reason": "the mill disagrees", "acting_for_partner_id": PARTY},
        body_required=True,
        bad_values=(("reason", "", "reason"), *REASON_BAD_VALUES),
    ),
    Endpoint("GET", TRADE + "/versions", "trading.read"),
    Endpoint("POST", TRADE + "/contract", "trading.sign"),
    Endpoint("GET", TRADE + "/contract", "trading.read"),
    Endpoint("GET", TRADE + "/contract.pdf", "trading.read"),
    Endpoint("GET", TRADE + "/contract.html", "trading.read"),
    Endpoint(
        "POST",
        TRADE + "/contract/signatures",
        "trading.sign",
        {
            "tier": "basic",
            "document_sha256": SHA256,
            "signer_name": "R. Patel",
            "confirm": True,
            "acting_for_partner_id": PARTY,
        },
        body_required=True,
        bad_values=SIGNATURE_BAD_VALUES,
    ),
)

BY_ID = tuple(e for e in ENDPOINTS if e.params)
WITH_BODY = tuple(e for e in ENDPOINTS if e.body is not None)
LISTS = tuple(e for e in ENDPOINTS if e.method == "GET" and not e.params)


def named(endpoints: tuple[Endpoint, ...]) -> dict[str, Any]:
    """``pytest.mark.parametrize`` arguments with readable test ids."""
    return {"argvalues": endpoints, "ids": [str(e) for e in endpoints]}


class Failures(list[str]):
    """Every endpoint's failed expectation, gathered so one run names them all."""

    def check(self, what: object, assertion: Callable[..., object], *args: Any) -> None:
        try:
            assertion(*args)
        except AssertionError as error:
            self.append(f"{what}: {error}")


def find(method: str, path_end: str) -> Endpoint:
    """The one endpoint of ``method`` whose path ends with ``path_end``."""
    (found,) = (x for x in ENDPOINTS if x.method == method and x.path.endswith(path_end))
    return found

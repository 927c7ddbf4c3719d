"""The two approved partners of the demo market: a Saurashtra ginner and a Coimbatore spinning mill.

Their PANs and GSTINs have the real formats (the GSTIN's check character computed); contacts use
company domains of their own, because a shared company domain makes risk treat them as linked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.app.demo_partners import DemoPartner, head_office, indian_business
from backend.modules.partners.application.inputs import BankAccountInput, ContactInput
from backend.modules.partners.domain.enums import LegalForm, TradeRole
from backend.modules.partners.domain.locations import Address, Coordinates

GINNER_NAME = "Saurashtra Kapas Ginning and Pressing LLP"
GINNER_GSTIN = "24AAXFS4821K1ZN"  # Gujarat (24), PAN AAXFS4821K
MILL_NAME = "Kongu Spinning Mills Private Limited"
MILL_GSTIN = "33AABCK5678Q1ZV"  # Tamil Nadu (33), PAN AABCK5678Q

RAJKOT_GINNER = DemoPartner(
    indian_business(
        GINNER_NAME,
        LegalForm.LLP,
        TradeRole.SELLER,
        GINNER_GSTIN,
        date(2009, 11, 2),
        Decimal("420000000"),
        trade_name="Saurashtra Kapas",
        has_quality_lab=True,
        has_own_transport=True,
    ),
    head_office(
        Address("Survey No. 214, Gondal Road", "Rajkot", "360004", "IN", state="Gujarat"),
        GINNER_GSTIN,
        Coordinates(Decimal("22.2587"), Decimal("70.7931")),
    ),
    ContactInput("Hitesh Bhalodia", "+919825012345", "hitesh@saurashtrakapas.example", "Partner", True),
    BankAccountInput(GINNER_NAME, "50200047811236", "IN", ifsc="HDFC0000231", primary=True),
)

COIMBATORE_MILL = DemoPartner(
    indian_business(
        MILL_NAME,
        LegalForm.PRIVATE_LIMITED,
        TradeRole.BUYER,
        MILL_GSTIN,
        date(1996, 6, 20),
        Decimal("3100000000"),
        trade_name="Kongu Mills",
        has_quality_lab=True,
    ),
    head_office(
        Address("SF No. 48, Avinashi Road, Peelamedu", "Coimbatore", "641004", "IN", state="Tamil Nadu"),
        MILL_GSTIN,
        Coordinates(Decimal("11.0268"), Decimal("77.0200")),
    ),
    ContactInput("Senthil Kumar R", "+919843012345", "senthil@kongumills.example", "Purchase manager", True),
    BankAccountInput(MILL_NAME, "1234050012876", "IN", ifsc="CNRB0001234", primary=True),
)

"""Generated partners for bench/partners.py: Indian trading houses with valid PANs and GSTINs, a head
office, some branches in other states, a spread of statuses, and a few foreign partners."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from stdnum import luhn
from stdnum.in_ import gstin as gstin_number

TABLES = ("partners", "tax_registrations", "locations", "contacts")
HONORIFICS = ("Shree", "Shri", "Sri", "Jai", "Om", "Maa", "New", "Sai", "Jay")
CORES = (
    *("Ganesh", "Lakshmi", "Balaji", "Krishna", "Mahalaxmi", "Ambika", "Durga", "Hanuman", "Venkateshwara"),
    *("Agarwal", "Gupta", "Jain", "Patel", "Shah", "Mehta", "Bansal", "Goyal", "Mittal", "Singhal", "Khandelwal"),
    *("Maheshwari", "Reddy", "Naidu", "Chettiar", "Desai", "Thakkar", "Kothari", "Sanghvi", "Poddar", "Somani"),
    *("Rajkot", "Gondal", "Unjha", "Indore", "Nagpur", "Guntur", "Akola", "Bikaner", "Kota", "Latur", "Jalgaon"),
    *("Bharat", "Hindustan", "Kisan", "Annapurna", "Sagar", "Rajlaxmi", "Navkar", "Mahavir", "Vardhman"),
    *("Arihant", "Kamdhenu", "Saraswati", "Umiya", "Khodiyar", "Jalaram", "Siddhi Vinayak", "Gayatri", "Tirupati"),
)
COMMODITIES = (
    *("Cotton", "Agro", "Grains", "Pulses", "Oil", "Oilseeds", "Spices", "Agri", "Foods", "Seeds", "Dal Mill"),
    *("Rice", "Wheat", "Jute", "Sugar", "Guar", "Castor", "Cumin", "Turmeric", "Chana", "Groundnut", "Soya"),
)
BUSINESSES = (
    *("Traders", "Trading Co", "Industries", "Enterprises", "Exports", "Impex", "Mills", "Commodities"),
    *("Corporation", "Agencies", "Overseas", "Processors", "Ginning & Pressing", "Udyog", "Sales Corporation"),
)
# legal form, weight, 4th letter of the PAN (holder type), name suffixes
LEGAL_FORMS: tuple[tuple[str, int, str, tuple[str, ...]], ...] = (
    ("proprietorship", 30, "P", ("",)),
    ("partnership", 25, "F", ("", "& Co", "& Sons", "& Associates")),
    ("private_limited", 25, "C", ("Pvt Ltd", "Private Limited")),
    ("llp", 10, "F", ("LLP",)),
    ("public_limited", 4, "C", ("Ltd", "Limited")),
    ("trust", 3, "T", ("Trust",)),
    ("society", 3, "A", ("Co-operative Society", "Sahakari Mandali Ltd")),
)
# service provider kind: what its name ends with
PROVIDERS = {"broker": "Brokers", "sub_broker": "Trade Links", "transporter": "Roadlines", "financer": "Fincap"}
PROVIDERS |= {"inspection_agency": "Surveyors", "warehouse": "Warehousing", "shipping_agent": "Shipping Agency"}
# GST state code, state, (city, PIN, latitude, longitude)
STATES = (
    ("24", "Gujarat", (("Rajkot", "360001", 22.30, 70.80), ("Unjha", "384170", 23.80, 72.39))),
    ("27", "Maharashtra", (("Mumbai", "400009", 18.96, 72.84), ("Akola", "444001", 20.70, 77.00))),
    ("08", "Rajasthan", (("Bikaner", "334001", 28.02, 73.31), ("Kota", "324001", 25.18, 75.83))),
    ("23", "Madhya Pradesh", (("Indore", "452001", 22.72, 75.86), ("Mandsaur", "458001", 24.07, 75.07))),
    ("36", "Telangana", (("Hyderabad", "500001", 17.39, 78.49), ("Warangal", "506002", 17.97, 79.59))),
    ("37", "Andhra Pradesh", (("Guntur", "522001", 16.31, 80.44), ("Kurnool", "518001", 15.83, 78.04))),
    ("09", "Uttar Pradesh", (("Kanpur", "208001", 26.45, 80.33), ("Hapur", "245101", 28.73, 77.78))),
    ("03", "Punjab", (("Ludhiana", "141001", 30.90, 75.86), ("Khanna", "141401", 30.70, 76.22))),
    ("06", "Haryana", (("Karnal", "132001", 29.69, 76.99), ("Sirsa", "125055", 29.53, 75.03))),
    ("29", "Karnataka", (("Hubballi", "580020", 15.36, 75.12), ("Davanagere", "577001", 14.46, 75.92))),
    ("33", "Tamil Nadu", (("Erode", "638001", 11.34, 77.72), ("Virudhunagar", "626001", 9.58, 77.96))),
    ("19", "West Bengal", (("Kolkata", "700001", 22.57, 88.36), ("Siliguri", "734001", 26.73, 88.40))),
)
STREETS = ("Market Yard", "APMC Market", "Station Road", "GIDC Estate", "Grain Market", "Mandi Road", "Industrial Area")
# country, city, legal suffix, tax registration kind, name cores
FOREIGN = (
    ("AE", "Dubai", "General Trading LLC", "vat", ("Al Noor", "Al Madina", "Gulf Star", "Desert Rose", "Emirates")),
    ("SG", "Singapore", "Commodities Pte Ltd", "other", ("Golden Harvest", "Lion City", "Straits", "Orchid")),
    ("BD", "Dhaka", "Trading Ltd", "other", ("Padma", "Meghna", "Sonar Bangla", "Jamuna")),
)
STATUSES = ("approved", "draft", "submitted", "pending_review", "info_requested", "rejected", "suspended", "inactive")
STATUS_WEIGHTS = (60, 8, 5, 5, 4, 6, 4, 8)
FIRST_NAMES = ("Ramesh", "Suresh", "Mahesh", "Anil", "Sunita", "Priya", "Vijay", "Kiran", "Deepak", "Meena", "Arjun")
LAST_NAMES = ("Patel", "Shah", "Agarwal", "Jain", "Reddy", "Gupta", "Mehta", "Rao", "Desai", "Singh", "Iyer")
DESIGNATIONS = ("Proprietor", "Partner", "Director", "Accounts Manager")
REASONS = {"rejected": "PAN card unreadable", "suspended": "KYC lapsed", "info_requested": "GST certificate missing"}
RISK = (("low", 70), ("medium", 40), ("high", 20), ("critical", 0))  # category: lowest score
TODAY = date(2026, 12, 1)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# can ship from, can receive, default ship-from, default ship-to
HEAD_OFFICE, BRANCH = (True, True, True, True), (True, True, False, False)


def gstin_of(state_code: str, pan: str) -> str:
    """The first GSTIN of ``pan`` in a state: entity number 1, 'Z', then the Luhn mod 36 check character."""
    body = f"{state_code}{pan}1Z"
    number = body + luhn.calc_check_digit(body, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert gstin_number.is_valid(number), number
    return number


@dataclass
class Dataset:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {table: [] for table in TABLES})
    names: list[tuple[str, str | None]] = field(default_factory=list)  # legal, trade
    pans: list[str] = field(default_factory=list)
    head_office_gstins: list[str] = field(default_factory=list)
    branch_gstins: list[str] = field(default_factory=list)  # on a branch location only
    holders: dict[str, str] = field(default_factory=dict)  # PAN or GSTIN -> the code of the partner holding it


COLUMNS = {
    "partners": "id tenant_id code legal_name trade_name country entity_class service_provider_kind legal_form"
    " trade_role pan registration_date annual_turnover has_quality_lab has_own_transport status status_reason"
    " kyc_status kyc_expires_on risk_score risk_category recommended_credit_limit submitted_by submitted_at"
    " decided_by decided_at created_by created_at updated_at version",
    "tax_registrations": "tenant_id partner_id position kind number country",
    "locations": "id tenant_id partner_id position kind name line1 city state postal_code address_country"
    " state_code gstin latitude longitude can_ship_from can_receive default_ship_from default_ship_to",
    "contacts": "id tenant_id partner_id position full_name mobile email designation is_primary",
}


class Generator:
    """Deterministic partners of one tenant (``random.Random(seed)``)."""

    def __init__(self, tenant_id: uuid.UUID, rng: random.Random) -> None:
        self.tenant_id, self.rng, self.data = tenant_id, rng, Dataset()
        self.used_pans: set[str] = set()
        self.sequences: dict[str, int] = {}
        self.users = [self.uuid() for _ in range(6)]  # the tenant's makers and checkers

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, table: str, *values: Any) -> None:
        self.data.rows[table].append(values)

    def code(self, country: str) -> str:
        self.sequences[country] = self.sequences.get(country, 0) + 1
        return f"BP-{country}-{self.sequences[country]:04d}"

    def pan(self, holder_type: str, name: str) -> str:
        rng = self.rng
        while True:  # 5th letter: the name's initial, as the Income Tax Department assigns it
            pan = f"{''.join(rng.choices(LETTERS, k=3))}{holder_type}{name[0].upper()}{rng.randint(1, 9999):04d}"
            if (pan := pan + rng.choice(LETTERS)) not in self.used_pans:
                self.used_pans.add(pan)
                return pan

    def indian_names(self) -> tuple[str, str | None, str, str, str | None]:
        """Legal name, trade name, legal form, PAN holder type, service provider kind."""
        rng = self.rng
        core, commodity = rng.choice(CORES), rng.choice(COMMODITIES) if rng.random() < 0.85 else None
        words = [rng.choice(HONORIFICS), core] if rng.random() < 0.45 else [core]
        provider = rng.choice(list(PROVIDERS)) if rng.random() < 0.1 else None
        suffixes: tuple[str, ...] = ("", "Pvt Ltd")
        if provider is not None:
            form, holder = "proprietorship", "P"
            words.append(PROVIDERS[provider])
        else:
            form, _, holder, suffixes = rng.choices(LEGAL_FORMS, weights=[f[1] for f in LEGAL_FORMS])[0]
            words += [*([commodity] if commodity else []), rng.choice(BUSINESSES)]
        legal, trade = " ".join(w for w in (*words, rng.choice(suffixes)) if w), None
        if rng.random() < 0.5:  # a shop name, or the initials painted on the sacks
            trade = (
                f"{core} {commodity or 'Traders'}" if rng.random() < 0.7 else "".join(w[0] for w in words) + " Group"
            )
        return legal, trade, form, holder, provider

    def workflow(self, status: str, created: datetime, turnover: Decimal | None) -> tuple[Any, ...]:
        """status .. updated_at and version of a partner that got as far as ``status``."""
        rng = self.rng
        submitted = created + timedelta(days=rng.randint(0, 20)) if status != "draft" else None
        decides = status in ("approved", "rejected", "suspended") or (status == "inactive" and rng.random() < 0.5)
        decided = submitted + timedelta(days=rng.randint(1, 10)) if submitted and decides else None
        score = rng.randint(15, 95) if submitted else None
        kyc, expires, limit = "pending", None, None
        if status in ("approved", "suspended") and decided is not None and score is not None:
            expires = decided.date() + timedelta(days=365)
            kyc = "verified" if expires >= TODAY else "expired"
            share = "0.15" if score >= 70 else "0.10" if score >= 40 else "0.05"
            limit = None if turnover is None else turnover * Decimal(share)
        maker, checker = rng.sample(self.users, 2)
        category = None if score is None else next(name for name, floor in RISK if score >= floor)
        state = (status, REASONS.get(status), kyc, expires, score, category)
        steps = (maker if submitted else None, submitted, checker if decided else None, decided, maker, created)
        return (*state, limit, *steps, decided or submitted or created, 1 + bool(submitted) + bool(decided))

    def add_partner(self) -> None:
        rng, data, tenant, partner_id = self.rng, self.data, self.tenant_id, self.uuid()
        point: list[Decimal | None] = [None, None]
        if rng.random() < 0.02:
            country, city, suffix, tax_kind, cores = rng.choice(FOREIGN)
            legal, trade, form, provider, pan = f"{rng.choice(cores)} {suffix}", None, "foreign_entity", None, None
            state_code, state, postal, gstin = None, None, f"{rng.randint(10000, 99999)}", None
            self.add(
                "tax_registrations", tenant, partner_id, 0, tax_kind, str(rng.randint(10**14, 10**15 - 1)), country
            )
        else:
            legal, trade, form, holder, provider = self.indian_names()
            pan, country, (state_code, state, cities) = self.pan(holder, legal), "IN", rng.choice(STATES)
            city, postal, *coordinates = rng.choice(cities)
            gstin, point = gstin_of(state_code, pan), [Decimal(f"{c:.4f}") for c in coordinates]
            self.add("tax_registrations", tenant, partner_id, 0, "gstin", gstin, country)
            data.pans.append(pan)
            data.head_office_gstins.append(gstin)
        data.names.append((legal, trade))
        created = datetime(2024, 1, 1, 9, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 1_000_000))
        turnover = Decimal(rng.randint(5, 5000) * 100_000) if rng.random() < 0.9 else None
        kind, role = "service_provider" if provider else "business_entity", rng.choice(("buyer", "seller", "both"))
        facts = (pan, (created - timedelta(days=rng.randint(100, 14_000))).date(), turnover, rng.random() < 0.2)
        status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
        profile = (legal, trade, country, kind, provider, form, role, *facts, rng.random() < 0.3)
        workflow = self.workflow(status, created, turnover)
        partner_code = self.code(country)
        self.add("partners", partner_id, tenant, partner_code, *profile, *workflow)
        if pan is not None:
            data.holders |= {pan: partner_code, gstin or "": partner_code}
        address = (f"{rng.randint(1, 400)}, {rng.choice(STREETS)}", city, state, postal, country, state_code, gstin)
        head_office = ("head_office", "Head office", *address, *point, *HEAD_OFFICE)
        self.add("locations", self.uuid(), tenant, partner_id, 0, *head_office)
        if pan is not None and rng.random() < 0.15:  # a branch registered in another state
            code, state, cities = rng.choice([s for s in STATES if s[0] != state_code])
            city, postal, *coordinates = rng.choice(cities)
            data.branch_gstins.append(gstin := gstin_of(code, pan))
            data.holders[gstin] = partner_code
            address = (f"{rng.randint(1, 400)}, {rng.choice(STREETS)}", city, state, postal, "IN", code, gstin)
            location = ("branch", f"{city} branch", *address, *(Decimal(f"{c:.4f}") for c in coordinates))
            self.add("locations", self.uuid(), tenant, partner_id, 1, *location, *BRANCH)
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        email = f"{person.split()[0].lower()}.{rng.randint(1, 999)}@example.in" if rng.random() < 0.6 else None
        contact = (person, f"+91{rng.randint(6_000_000_000, 9_999_999_999)}", email, rng.choice(DESIGNATIONS))
        self.add("contacts", self.uuid(), tenant, partner_id, 0, *contact, True)


# ------------------------------------------------------------------ searching

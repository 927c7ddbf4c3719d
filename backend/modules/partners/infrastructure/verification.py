"""Development adapters for the verification ports: deterministic, offline, and clearly not real.

Every answer is derived from the input alone (a SHA-256 of it), so the same partner verifies the
same way on every machine and in every test run. Each ``provider`` says so, and that text is kept
with every piece of evidence: nobody can mistake these answers for a real GSTN, bank or geocoder.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from backend.modules.partners.application.ports import BankAccountCheck, GstnRecord, Verifiers
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.locations import Address, Coordinates

NOT_REAL = "development adapter, not a real lookup"
GST_START = date(2017, 7, 1)  # GST began on 1 July 2017
MICRO_DEGREES = Decimal("0.000001")
MAX_OFFSET = 50_000  # micro-degrees either way: within about 5 km of the capital

# GST state code -> (capital, latitude, longitude)
STATE_CAPITALS: dict[str, tuple[str, str, str]] = {
    "01": ("Srinagar", "34.0837", "74.7973"),
    "02": ("Shimla", "31.1048", "77.1734"),
    "03": ("Chandigarh", "30.7333", "76.7794"),
    "04": ("Chandigarh", "30.7333", "76.7794"),
    "05": ("Dehradun", "30.3165", "78.0322"),
    "06": ("Chandigarh", "30.7333", "76.7794"),
    "07": ("New Delhi", "28.6139", "77.2090"),
    "08": ("Jaipur", "26.9124", "75.7873"),
    "09": ("Lucknow", "26.8467", "80.9462"),
    "10": ("Patna", "25.5941", "85.1376"),
    "11": ("Gangtok", "27.3389", "88.6065"),
    "12": ("Itanagar", "27.0844", "93.6053"),
    "13": ("Kohima", "25.6751", "94.1086"),
    "14": ("Imphal", "24.8170", "93.9368"),
    "15": ("Aizawl", "23.7271", "92.7176"),
    "16": ("Agartala", "23.8315", "91.2868"),
    "17": ("Shillong", "25.5788", "91.8933"),
    "18": ("Dispur", "26.1433", "91.7898"),
    "19": ("Kolkata", "22.5726", "88.3639"),
    "20": ("Ranchi", "23.3441", "85.3096"),
    "21": ("Bhubaneswar", "20.2961", "85.8245"),
    "22": ("Raipur", "21.2514", "81.6296"),
    "23": ("Bhopal", "23.2599", "77.4126"),
    "24": ("Gandhinagar", "23.2156", "72.6369"),
    "25": ("Daman", "20.3974", "72.8328"),
    "26": ("Daman", "20.3974", "72.8328"),
    "27": ("Mumbai", "19.0760", "72.8777"),
    "28": ("Hyderabad", "17.3850", "78.4867"),  # undivided Andhra Pradesh's code
    "29": ("Bengaluru", "12.9716", "77.5946"),
    "30": ("Panaji", "15.4909", "73.8278"),
    "31": ("Kavaratti", "10.5669", "72.6420"),
    "32": ("Thiruvananthapuram", "8.5241", "76.9366"),
    "33": ("Chennai", "13.0827", "80.2707"),
    "34": ("Puducherry", "11.9416", "79.8083"),
    "35": ("Port Blair", "11.6234", "92.7265"),
    "36": ("Hyderabad", "17.3850", "78.4867"),
    "37": ("Amaravati", "16.5062", "80.6480"),
    "38": ("Leh", "34.1526", "77.5771"),
}


def digest(*parts: str) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest()


def passes(*parts: str) -> bool:
    """The adapters' one rule: about one input in ten fails (the first hash byte divisible by 10)."""
    return digest(*parts)[0] % 10 != 0


class DevGstnLookup:
    """Any GSTIN with a valid checksum is registered in the state its first two digits name; the
    hash decides whether it is active and when it was registered. The legal name is unknown."""

    provider = f"dev-gstn ({NOT_REAL})"

    async def lookup(self, gstin: str) -> GstnRecord | None:
        if ids.gstin_error(gstin) is not None:
            return None
        number = ids.normalize_gstin(gstin)
        days = int.from_bytes(digest(number)[1:3], "big") % 3000
        return GstnRecord(
            gstin=number,
            legal_name=None,
            state_code=ids.gstin_state_code(number),
            active=passes(number),
            registered_on=GST_START + timedelta(days=days),
        )


class DevBankAccountVerifier:
    """The hash of account number and bank code decides whether the account exists; the holder's
    name is never reported."""

    provider = f"dev-bank-account ({NOT_REAL})"

    async def verify(self, account_number: str, *, ifsc: str | None, swift: str | None) -> BankAccountCheck:
        bank = (ifsc or swift or "").strip().upper()
        valid = bool(account_number.strip()) and passes(account_number.strip(), bank)
        return BankAccountCheck(valid=valid, holder_name=None)


class DevGeocoder:
    """An Indian address lands near its state's capital, offset by the hash of the address;
    anything else (no state code, a foreign address) is not found."""

    provider = f"dev-geocoder ({NOT_REAL})"

    async def geocode(self, address: Address, *, state_code: str | None = None) -> Coordinates | None:
        if address.country.upper() != "IN" or state_code not in STATE_CAPITALS:
            return None
        _, latitude, longitude = STATE_CAPITALS[state_code]
        h = digest(address.line1.strip().lower(), address.city.strip().lower(), address.postal_code.strip())
        north = int.from_bytes(h[:4], "big") % (2 * MAX_OFFSET + 1) - MAX_OFFSET
        east = int.from_bytes(h[4:8], "big") % (2 * MAX_OFFSET + 1) - MAX_OFFSET
        return Coordinates(
            (Decimal(latitude) + north * MICRO_DEGREES).quantize(MICRO_DEGREES),
            (Decimal(longitude) + east * MICRO_DEGREES).quantize(MICRO_DEGREES),
        )


def development_verifiers() -> Verifiers:
    return Verifiers(gstn=DevGstnLookup(), bank_accounts=DevBankAccountVerifier(), geocoder=DevGeocoder())

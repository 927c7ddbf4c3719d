"""Reference commodities for a new installation: cotton, sugar, soybean and copper.

Factors and parameter ranges follow Indian market practice: a cotton bale is 170 kg and a candy
355.56 kg (the MCX contract unit); sugar trades in 50 kg bags and quintals; copper cathodes on
LME/MCX grade A are at least 99.99 % Cu (HSN 7403 11).
"""

from __future__ import annotations

from decimal import Decimal

from backend.modules.commodities.domain.commodity import CommodityCategory, CommodityDefinition, Variety
from backend.modules.commodities.domain.quality import ParameterKind, QualityParameter


def _numeric(
    name: str, unit: str | None, low: str | None, high: str | None, mandatory: bool = True
) -> QualityParameter:
    return QualityParameter(
        name=name,
        unit=unit,
        kind=ParameterKind.NUMERIC,
        min=None if low is None else Decimal(low),
        max=None if high is None else Decimal(high),
        allowed_values=(),
        mandatory=mandatory,
    )


def _range(name: str, unit: str | None, low: str, high: str, mandatory: bool = True) -> QualityParameter:
    return QualityParameter(name, unit, ParameterKind.RANGE, Decimal(low), Decimal(high), (), mandatory)


def _enum(name: str, values: tuple[str, ...], mandatory: bool = False) -> QualityParameter:
    return QualityParameter(name, None, ParameterKind.ENUM, None, None, values, mandatory)


def _units(*pairs: tuple[str, str]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((code, Decimal(factor)) for code, factor in pairs)


COTTON = CommodityDefinition(
    code="COTTON",
    name="Raw cotton (lint)",
    category=CommodityCategory.FIBRE,
    hsn_code="5201",
    gst_rate=Decimal("5"),
    base_unit="KG",
    units=_units(("BALE", "170"), ("CANDY", "355.56"), ("QUINTAL", "100"), ("MT", "1000")),
    quality_parameters=(
        _range("staple_length", "mm", "20", "38"),
        _range("micronaire", "µg/inch", "2.8", "5.5"),
        _numeric("strength", "g/tex", "24", None),
        _numeric("trash", "%", None, "6", mandatory=False),
        _numeric("moisture", "%", None, "8.5"),
        _enum("colour_grade", ("white", "light_spotted", "spotted", "tinged")),
    ),
    varieties=(Variety("Shankar-6"), Variety("DCH-32"), Variety("MCU-5"), Variety("J-34"), Variety("Bunny")),
)

SUGAR = CommodityDefinition(
    code="SUGAR",
    name="Sugar (crystal)",
    category=CommodityCategory.SOFTS,
    hsn_code="1701",
    gst_rate=Decimal("5"),
    base_unit="KG",
    units=_units(("BAG", "50"), ("QUINTAL", "100"), ("MT", "1000")),
    quality_parameters=(
        _numeric("icumsa", "IU", "0", "1500"),
        _numeric("moisture", "%", None, "0.15"),
        _enum("grain_size", ("S", "M", "L"), mandatory=False),
    ),
    varieties=(Variety("S-30"), Variety("M-30"), Variety("ICUMSA 45"), Variety("Raw VHP")),
)

SOYBEAN = CommodityDefinition(
    code="SOYBEAN",
    name="Soybean",
    category=CommodityCategory.OILSEEDS,
    hsn_code="1201",
    gst_rate=Decimal("5"),
    base_unit="KG",
    units=_units(("QUINTAL", "100"), ("MT", "1000")),
    quality_parameters=(
        _numeric("oil_content", "%", "16", None),
        _numeric("moisture", "%", None, "12"),
        _numeric("foreign_matter", "%", None, "2"),
        _numeric("damaged_grains", "%", None, "5", mandatory=False),
    ),
    varieties=(Variety("JS-335"), Variety("JS-95-60"), Variety("NRC-37")),
)

COPPER = CommodityDefinition(
    code="COPPER",
    name="Copper cathode",
    category=CommodityCategory.BASE_METALS,
    hsn_code="74031100",
    gst_rate=Decimal("18"),
    base_unit="KG",
    units=_units(("MT", "1000"), ("LOT", "2500")),
    quality_parameters=(
        _numeric("purity", "%", "99.99", "100"),
        _enum("shape", ("cathode", "wire_rod", "ingot"), mandatory=True),
    ),
    varieties=(Variety("Grade A cathode"), Variety("8 mm wire rod")),
)

CATALOGUE: tuple[CommodityDefinition, ...] = (COTTON, SUGAR, SOYBEAN, COPPER)

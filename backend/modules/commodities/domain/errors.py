"""Commodity master errors; the HTTP layer maps each kind to a status."""

from __future__ import annotations

from backend.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed


class CommodityNotFound(NotFound):
    code = "commodity-not-found"
    title = "Commodity not found"

    def __init__(self, reference: str) -> None:
        super().__init__(f"No commodity {reference}")


class DuplicateCommodityCode(Conflict):
    code = "duplicate-commodity-code"
    title = "Commodity code already exists"

    def __init__(self, commodity_code: str) -> None:
        super().__init__(
            f"A commodity with code {commodity_code} already exists", extra={"commodity_code": commodity_code}
        )


class CommodityReadOnly(Forbidden):
    code = "commodity-read-only"
    title = "Commodity cannot be changed here"

    def __init__(self, commodity_code: str) -> None:
        super().__init__(
            f"{commodity_code} is a global commodity maintained by the platform operator;"
            " a tenant may change only its private commodities"
        )


class DuplicateVariety(Conflict):
    code = "duplicate-variety"
    title = "Variety already exists"

    def __init__(self, commodity_code: str, variety: str) -> None:
        super().__init__(f"{commodity_code} already has a variety named {variety!r}")


class CommodityInactive(Conflict):
    code = "commodity-inactive"
    title = "Commodity is deactivated"

    def __init__(self, commodity_code: str, action: str) -> None:
        super().__init__(f"{commodity_code} is deactivated and cannot {action}")


class InvalidCommodity(ValidationFailed):
    code = "invalid-commodity"
    title = "Invalid commodity definition"

    def __init__(self, errors: list[FieldError]) -> None:
        summary = "; ".join(f"{error.field}: {error.message}" for error in errors)
        super().__init__(summary, errors)


class InvalidQuantity(ValidationFailed):
    code = "invalid-quantity"
    title = "Invalid quantity"

    def __init__(self, quantity: str) -> None:
        message = f"quantity {quantity} is not a finite decimal within the supported range"
        super().__init__(message, [FieldError("quantity", message)])


class UnknownUnit(ValidationFailed):
    code = "unknown-unit"
    title = "Unknown unit"

    def __init__(self, commodity_code: str, unit: str, field: str, known: list[str]) -> None:
        message = f"{unit!r} is not a unit of {commodity_code} (known: {', '.join(known)})"
        super().__init__(message, [FieldError(field, message)])
        self.unit = unit

"""The trading context's domain events turned into its published contracts."""

from __future__ import annotations

from backend.contracts.trading import events as contract
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.messaging.events import IntegrationEvent
from backend.modules.trading.domain import events as ev


def to_integration_event(aggregate: AggregateRoot, event: DomainEvent) -> IntegrationEvent | None:
    """The published form of ``event``, or None for what stays inside the context (drafts, status
    changes, quantities and ended negotiations: no consumer yet)."""
    at = event.occurred_at
    match event:
        case ev.RequirementPublished():
            return contract.RequirementPublishedV1(
                occurred_at=at,
                requirement_id=event.requirement_id,
                tenant_id=event.tenant_id,
                buyer_partner_id=event.buyer_partner_id,
                commodity_id=event.commodity_id,
                variety=event.variety,
                min_quantity=event.min_quantity,
                max_quantity=event.max_quantity,
                unit=event.unit,
                max_price=event.max_price,
                currency=event.currency,
                delivery_from=event.delivery_from,
                delivery_until=event.delivery_until,
            )
        case ev.AvailabilityPublished():
            return contract.AvailabilityPublishedV1(
                occurred_at=at,
                availability_id=event.availability_id,
                tenant_id=event.tenant_id,
                seller_partner_id=event.seller_partner_id,
                commodity_id=event.commodity_id,
                variety=event.variety,
                quantity=event.quantity,
                unit=event.unit,
                price=event.price,
                currency=event.currency,
                ship_from_location_id=event.ship_from_location_id,
                available_from=event.available_from,
                available_until=event.available_until,
            )
        case ev.MatchFound():
            return contract.MatchFoundV1(
                occurred_at=at,
                match_id=event.match_id,
                tenant_id=event.tenant_id,
                requirement_id=event.requirement_id,
                availability_id=event.availability_id,
                score=event.score,
                quality_score=event.quality_score,
                price_score=event.price_score,
                delivery_score=event.delivery_score,
                risk_score=event.risk_score,
                buyer_partner_id=event.buyer_partner_id,
                seller_partner_id=event.seller_partner_id,
                token=event.token,
            )
        case ev.NegotiationStarted():
            return contract.NegotiationStartedV1(
                occurred_at=at,
                negotiation_id=event.negotiation_id,
                tenant_id=event.tenant_id,
                match_id=event.match_id,
                buyer_partner_id=event.buyer_partner_id,
                seller_partner_id=event.seller_partner_id,
                started_by_partner_id=event.started_by_partner_id,
            )
        case ev.OfferMade():
            return contract.OfferMadeV1(
                occurred_at=at,
                offer_id=event.offer_id,
                negotiation_id=event.negotiation_id,
                tenant_id=event.tenant_id,
                by_partner_id=event.by_partner_id,
                price=event.price,
                currency=event.currency,
                quantity=event.quantity,
                unit=event.unit,
                expires_at=event.expires_at,
            )
        case ev.TradeConfirmed():
            return contract.TradeConfirmedV1(
                occurred_at=at,
                trade_id=event.trade_id,
                tenant_id=event.tenant_id,
                trade_number=event.trade_number,
                buyer_partner_id=event.buyer_partner_id,
                seller_partner_id=event.seller_partner_id,
                commodity_id=event.commodity_id,
                quantity=event.quantity,
                unit=event.unit,
                price=event.price,
                currency=event.currency,
                amount=event.amount,
                cgst=event.cgst,
                sgst=event.sgst,
                igst=event.igst,
                branch_id=event.buyer_branch_id if event.buyer_branch_id == event.seller_branch_id else None,
                buyer_branch_id=event.buyer_branch_id,
                seller_branch_id=event.seller_branch_id,
                price_unit=event.price_unit,
                credit_reservation_id=event.credit_reservation_id,
            )
        case ev.TradeCancelled():
            return contract.TradeCancelledV1(
                occurred_at=at,
                trade_id=event.trade_id,
                tenant_id=event.tenant_id,
                trade_number=event.trade_number,
                cancelled_by=event.cancelled_by,
                reason=event.reason,
            )
        case ev.TradeAmended():
            return contract.TradeAmendedV1(
                occurred_at=at,
                trade_id=event.trade_id,
                tenant_id=event.tenant_id,
                trade_number=event.trade_number,
                amendment_id=event.amendment_id,
                terms_version=event.terms_version,
                fields=list(event.fields),
                buyer_partner_id=event.buyer_partner_id,
                seller_partner_id=event.seller_partner_id,
                commodity_id=event.commodity_id,
                unit=event.unit,
                currency=event.currency,
                price_unit=event.price_unit,
                quantity=event.quantity,
                previous_quantity=event.previous_quantity,
                price=event.price,
                previous_price=event.previous_price,
                amount=event.amount,
                previous_amount=event.previous_amount,
                cgst=event.cgst,
                sgst=event.sgst,
                igst=event.igst,
                previous_cgst=event.previous_cgst,
                previous_sgst=event.previous_sgst,
                previous_igst=event.previous_igst,
            )
    return None

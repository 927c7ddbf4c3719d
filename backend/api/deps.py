"""What routes receive: the services of the composition root, a fresh unit of work per call."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request

from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork


class Services(Protocol):
    """The part of ``backend.app.bootstrap.Container`` the HTTP layer uses."""

    def commodities_uow(self) -> CommoditiesUnitOfWork: ...

    async def readiness(self) -> dict[str, str]:
        """Each check's name and ``"ok"`` or the reason it fails."""


def services(request: Request) -> Services:
    container: Services = request.app.state.container
    return container


def commodities_uow(request: Request) -> CommoditiesUnitOfWork:
    return services(request).commodities_uow()


CommoditiesUow = Annotated[CommoditiesUnitOfWork, Depends(commodities_uow)]

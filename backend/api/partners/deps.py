"""What the partner routes share: the context, the checked caller per permission, versioned answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request, Response

from backend.api.concurrency import etag
from backend.api.deps import services
from backend.api.identity.mapping import read
from backend.api.partners.reads import PartnerRead
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.views import PartnerView

IfMatch = Annotated[str | None, Header(description='ETag of the version you last read, e.g. "3"')]


def partners_context(request: Request) -> PartnersContext:
    return services(request).partners


Partners = Annotated[PartnersContext, Depends(partners_context)]


def answer(view: PartnerView, response: Response) -> PartnerRead:
    response.headers["ETag"] = etag(view.version)
    return read(PartnerRead, view)

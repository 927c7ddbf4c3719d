from __future__ import annotations

import pytest

from tests.fakes.commodities import FakeCommodities


@pytest.fixture
def commodities() -> FakeCommodities:
    return FakeCommodities()

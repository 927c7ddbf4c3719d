"""Versions as ETags and the If-Match precondition."""

from __future__ import annotations

import pytest

from backend.api.concurrency import etag, expected_version
from backend.core.errors import PreconditionFailed, PreconditionRequired


def test_etag_is_a_strong_quoted_version() -> None:
    assert etag(3) == '"3"'
    assert expected_version(etag(42), required=True) == 42


@pytest.mark.parametrize(("header", "version"), [("3", 3), ('"3"', 3), ('W/"3"', 3), (' "17" ', 17), ('"0"', 0)])
def test_if_match_names_a_version(header: str, version: int) -> None:
    assert expected_version(header, required=True) == version


@pytest.mark.parametrize("required", [True, False])
def test_star_matches_any_version(required: bool) -> None:
    assert expected_version("*", required=required) is None


def test_a_missing_header_is_fine_when_optional() -> None:
    assert expected_version(None, required=False) is None


def test_a_missing_header_is_refused_when_required() -> None:
    with pytest.raises(PreconditionRequired):
        expected_version(None, required=True)


@pytest.mark.parametrize(
    "header",
    ["", "abc", '"abc"', "-1", '"-1"', "3.0", '"3', '3"', "W/3", 'w/"3"', '"1", "2"', "1" * 19],
)
def test_garbage_fails_the_precondition(header: str) -> None:
    with pytest.raises(PreconditionFailed):
        expected_version(header, required=True)

"""Opaque keyset cursors: what we issue decodes; anything else is an InvalidCursor."""

from __future__ import annotations

import base64

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.api.pagination import InvalidCursor, decode_cursor, encode_cursor


def test_round_trip() -> None:
    cursor = encode_cursor({"after_code": "COTTON"})
    assert "=" not in cursor
    assert decode_cursor(cursor, "after_code") == {"after_code": "COTTON"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=64), st.text(max_size=64))
def test_round_trip_of_any_text(first: str, second: str) -> None:
    position = {"after_code": first, "after_id": second}
    assert decode_cursor(encode_cursor(position), "after_code", "after_id") == position


def _raw(value: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(value)).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not a cursor",
        "!!!!",
        "é",
        "YWJj",  # base64 of "abc", not JSON
        base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),
        _raw(["COTTON"]),
        _raw("COTTON"),
        _raw({}),
        _raw({"after_code": 42}),
        _raw({"after_code": None}),
        _raw({"after_code": "COTTON", "admin": "true"}),
        _raw({"before_code": "COTTON"}),
    ],
)
def test_garbage_and_tampered_cursors_are_invalid(cursor: str) -> None:
    with pytest.raises(InvalidCursor) as invalid:
        decode_cursor(cursor, "after_code")
    assert invalid.value.errors[0].field == "query.cursor"


def test_a_cursor_with_a_flipped_character_is_invalid_or_decodes_to_strings() -> None:
    cursor = encode_cursor({"after_code": "COTTON"})
    for index in range(len(cursor)):
        tampered = cursor[:index] + ("A" if cursor[index] != "A" else "B") + cursor[index + 1 :]
        try:
            position = decode_cursor(tampered, "after_code")
        except InvalidCursor:
            continue
        assert isinstance(position["after_code"], str)

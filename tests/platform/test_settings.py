"""Static settings: typed, from MANDI_* variables and an optional file, refused with the key named."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from backend.core.config import InvalidSettings, Settings, describe_invalid, get_settings


@pytest.mark.parametrize(("value", "reason"), [("abc", "valid integer"), ("0", "greater than or equal to 1")])
def test_a_bad_value_names_its_key(monkeypatch: pytest.MonkeyPatch, value: str, reason: str) -> None:
    monkeypatch.setenv("MANDI_DATABASE_POOL_SIZE", value)
    with pytest.raises(ValidationError, match="database_pool_size") as caught:
        Settings()
    assert describe_invalid(caught.value).startswith("invalid setting MANDI_DATABASE_POOL_SIZE: ")
    assert reason in describe_invalid(caught.value)


def test_every_bad_key_is_named_and_no_value_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANDI_CONFIG_POLL_SECONDS", "-1")
    monkeypatch.setenv("MANDI_RELAY_BATCH_SIZE", "s3cr3t-looking")
    with pytest.raises(ValidationError) as caught:
        Settings()
    message = describe_invalid(caught.value)
    assert "MANDI_CONFIG_POLL_SECONDS" in message
    assert "MANDI_RELAY_BATCH_SIZE" in message
    assert "s3cr3t-looking" not in message


def test_get_settings_reads_an_optional_file_under_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "mandi.env"
    path.write_text("MANDI_DATABASE_POOL_SIZE=7\nMANDI_CONFIG_POLL_SECONDS=5\n")
    monkeypatch.setenv("MANDI_SETTINGS_FILE", str(path))
    monkeypatch.setenv("MANDI_CONFIG_POLL_SECONDS", "1.5")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert settings.database_pool_size == 7
        assert settings.config_poll_seconds == 1.5  # the environment wins
    finally:
        get_settings.cache_clear()


def test_a_bad_value_in_the_file_or_a_missing_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "mandi.env"
    path.write_text("MANDI_RELAY_MAX_ATTEMPTS=many\n")
    monkeypatch.setenv("MANDI_SETTINGS_FILE", str(path))
    get_settings.cache_clear()
    try:
        with pytest.raises(InvalidSettings, match="MANDI_RELAY_MAX_ATTEMPTS"):
            get_settings()
        monkeypatch.setenv("MANDI_SETTINGS_FILE", str(tmp_path / "missing.env"))
        with pytest.raises(InvalidSettings, match="not a readable file"):
            get_settings()
    finally:
        get_settings.cache_clear()

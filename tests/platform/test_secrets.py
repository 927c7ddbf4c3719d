"""Secrets come through a port (environment or a directory of files), never through configuration."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from backend.app.bootstrap import Container
from backend.app.secrets import MissingSecret, resolve_secret
from backend.core.config import Settings
from backend.core.secrets import ChainedSecrets, EnvSecrets, FileSecrets


def test_env_secrets_read_mandi_variables() -> None:
    secrets = EnvSecrets(environ={"MANDI_SECRET_KEY": "from-env", "MANDI_EMPTY": ""})
    assert secrets.get("secret_key") == "from-env"
    assert secrets.get("empty") is None
    assert secrets.get("missing") is None


def test_file_secrets_read_one_file_per_secret(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("from-file\n")
    (tmp_path / "blank").write_text("\n")
    secrets = FileSecrets(tmp_path)
    assert secrets.get("secret_key") == "from-file"
    assert secrets.get("blank") is None
    assert secrets.get("missing") is None


@pytest.mark.parametrize("name", ["../etc/passwd", "/etc/passwd", "Secret", "a/b", ""])
def test_a_secret_name_cannot_leave_the_directory(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="secret name"):
        FileSecrets(tmp_path).get(name)


def test_the_first_source_with_the_secret_wins(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("from-file")
    (tmp_path / "broker_password").write_text("pw")
    chain = ChainedSecrets([EnvSecrets(environ={"MANDI_SECRET_KEY": "from-env"}), FileSecrets(tmp_path)])
    assert chain.get("secret_key") == "from-env"
    assert chain.get("broker_password") == "pw"
    assert chain.get("nothing") is None


def test_the_key_encryption_secret_can_come_from_a_secrets_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MANDI_SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("mounted-secret\n")
    settings = Settings(environment="production", secret_key=None, secrets_dir=tmp_path, data_dir=tmp_path / "d")
    assert resolve_secret(settings) == "mounted-secret"
    assert resolve_secret(settings.model_copy(update={"secret_key": "explicit"})) == "explicit"
    with pytest.raises(MissingSecret, match="MANDI_SECRETS_DIR"):
        resolve_secret(settings.model_copy(update={"secrets_dir": tmp_path / "empty"}))


async def test_no_configuration_answer_carries_the_secret(container: Container, client: httpx.AsyncClient) -> None:
    secret = resolve_secret(container.settings)
    listed = await client.get("/api/v1/config")
    assert listed.status_code == 200
    bodies = [listed.text] + [(await client.get(f"/api/v1/config/{i['key']}")).text for i in listed.json()["items"]]
    assert all(secret not in body for body in bodies)

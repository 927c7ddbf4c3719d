"""The boundaries of STYLE.md, enforced: async-only database access, layers, small files."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[2] / "backend"
SOURCES = sorted(p for p in BACKEND.rglob("*.py") if "migrations/versions" not in p.as_posix())

# names whose import from SQLAlchemy would mean synchronous database access
SYNC_NAMES = {"Session", "sessionmaker", "scoped_session", "create_engine"}


def _sync_imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [f"{node.module}.{alias.name}" for alias in node.names if alias.name in SYNC_NAMES]
        if (
            isinstance(node, ast.Attribute)
            and node.attr in SYNC_NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id in {"sqlalchemy", "sa", "orm"}
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(BACKEND).as_posix())
def test_no_synchronous_session_or_engine(path: Path) -> None:
    assert _sync_imports(path) == []


def test_the_sync_check_catches_a_sync_session(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text(
        "from sqlalchemy.orm import Session, sessionmaker\nimport sqlalchemy\nsqlalchemy.create_engine('x')\n"
    )
    assert _sync_imports(sample) == [
        "sqlalchemy.orm.Session",
        "sqlalchemy.orm.sessionmaker",
        "sqlalchemy.create_engine",
    ]


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=BACKEND.parent, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(BACKEND).as_posix())
def test_files_stay_small(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 400


# contexts being built layer by layer, and why; remove an entry when its context is complete
IN_PROGRESS = {
    "trading": "issue 7: the domain layer first; application and infrastructure follow",
}


def test_every_context_has_its_three_layers() -> None:
    for context in (BACKEND / "modules").iterdir():
        if context.is_dir() and not context.name.startswith("__"):
            layers = {p.name for p in context.iterdir()}
            expected = {"domain"} if context.name in IN_PROGRESS else {"domain", "application", "infrastructure"}
            assert expected <= layers, context.name

"""Shared fixtures: the real corpus, and throw-away copies of data/ to break."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from kzanalysis.load.corpus import load_corpus

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"


@pytest.fixture(autouse=True)
def _no_data_dir_override(monkeypatch):
    """Tests choose their data directory explicitly; ignore the caller's KZ_DATA_DIR."""
    monkeypatch.delenv("KZ_DATA_DIR", raising=False)


@pytest.fixture(scope="session")
def corpus():
    """The real corpus, loaded once per pytest run (treat as read-only)."""
    return load_corpus(DATA_DIR)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the repository's data/ directory that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def read_manifest(data_dir: Path) -> dict:
    """The parsed manifest.yml of ``data_dir``."""
    return yaml.safe_load((data_dir / "manifest.yml").read_text(encoding="utf-8"))


def write_manifest(data_dir: Path, document: dict) -> None:
    """Overwrite manifest.yml of ``data_dir`` with ``document``."""
    (data_dir / "manifest.yml").write_text(
        yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

"""Shared fixtures: the real bulletin data, built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iktw_kg.pipeline import BuildResult, build
from iktw_kg.resources import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"
SOURCE_FILE = DATA_DIR / "sources" / "iktw-2024-04.txt"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real data, built with SHACL and every export, into a temporary out/ directory."""
    out = tmp_path_factory.mktemp("out")
    return build(DATA_DIR, out)


@pytest.fixture(scope="session")
def out_dir(built: BuildResult) -> Path:
    return built.written[0].parent


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def raise_chinas_battery_share(data: Path) -> None:
    """Edit one figure of a data copy: China's 2022 battery shipment share, 68.5 -> 68.6 (p. 5)."""
    article = data / "issues" / "2024-04" / "articles" / "04-china-nev-batteries.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace("value: 68.5", "value: 68.6", 1), encoding="utf-8")

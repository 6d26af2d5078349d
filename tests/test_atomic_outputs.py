"""Nothing lost: a build killed at any moment, or stopped by a full disk, leaves out/ as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA_DIR

EXPORTS = ("iktw.ttl", "iktw.trig", "iktw.nt", "iktw.nq", "iktw.jsonld", "shacl-report.ttl")


def digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in EXPORTS}


def build_command(out: str = "out") -> list[str]:
    return [sys.executable, "-m", "iktw_kg.cli", "build", "--data", "data", "--out", out]


@pytest.fixture()
def project(tmp_path: Path, out_dir: Path) -> Path:
    """A project whose out/ holds the previous build and whose data/ has since changed."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(DATA_DIR, root / "data")
    shutil.copytree(out_dir, root / "out")
    countries = root / "data" / "vocab" / "countries.yaml"
    countries.write_text(countries.read_text(encoding="utf-8").replace("en: France}", "en: French Republic}"), "utf-8")
    return root


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.6, 0.9, 1.2, 1.5])
def test_killed_build_leaves_either_the_old_or_the_new_outputs(project, delay):
    old = digests(project / "out")
    subprocess.run(build_command("new"), cwd=project, check=True, capture_output=True)
    new = digests(project / "new")
    assert old != new

    child = subprocess.Popen(build_command(), cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = digests(project / "out")
    assert after in (old, new), "out/ holds a mix of two builds, or a half-written file"
    subprocess.run(build_command(), cwd=project, check=True, capture_output=True)
    assert digests(project / "out") == new
    assert not list((project / "out").glob(".*.tmp")), "a rebuild clears what a killed build left behind"


def test_full_disk_is_a_clear_error_and_writes_nothing(project):
    """out/ is a 256 KiB tmpfs: the exports (megabytes) cannot fit; the old file must survive."""
    out = project / "out"
    shutil.rmtree(out)
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(out)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        (out / "iktw.ttl").write_text("# the previous build\n", encoding="utf-8")
        result = subprocess.run(
            build_command(), cwd=project, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}
        )
        assert result.returncode == 3, result.stderr
        assert "No space left on device" in result.stderr
        assert "Traceback" not in result.stderr
        assert (out / "iktw.ttl").read_text(encoding="utf-8") == "# the previous build\n"
        assert sorted(p.name for p in out.iterdir()) == ["iktw.ttl"]
    finally:
        subprocess.run(["umount", str(out)], check=True)

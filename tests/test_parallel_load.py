"""Loading ten years of issues parses the files in forked workers; the corpus and the errors
are the same as when every file is parsed in-process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iktw_kg import load, parallel
from iktw_kg.errors import InputErrors
from iktw_kg.parallel import parse_in_workers
from iktw_kg.resources import PROJECT_ROOT

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two CPUs to fork workers")


@pytest.fixture(scope="module")
def eight_issues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real issue and seven synthetic ones (benchmarks/synth.py): 80 YAML files."""
    data = tmp_path_factory.mktemp("synth") / "data"
    synth = PROJECT_ROOT / "benchmarks" / "synth.py"
    subprocess.run([sys.executable, str(synth), "--issues", "8", "--out", str(data)], check=True)
    assert len(load.data_files(data)) >= parallel.PARALLEL_MINIMUM, "enough files for two workers"
    return data


def item_and_process(item: int) -> tuple[int, int]:
    time.sleep(0.005)  # long enough that one worker cannot drain the queue alone
    return item, os.getpid()


def test_many_items_are_handled_by_forked_workers_in_order():
    pids = parse_in_workers(item_and_process, list(range(4 * parallel.PARALLEL_MINIMUM)))
    assert [item for item, _ in pids] == list(range(4 * parallel.PARALLEL_MINIMUM))
    assert os.getpid() not in {pid for _, pid in pids}
    assert len({pid for _, pid in pids}) == 2


def test_parallel_load_gives_the_corpus_an_in_process_load_gives(eight_issues, monkeypatch):
    in_workers = load.load_corpus(eight_issues)
    monkeypatch.setattr(parallel, "PARALLEL_MINIMUM", 10**9)
    in_process = load.load_corpus(eight_issues)
    assert len(in_workers.issues) == 8
    assert in_workers.origins == in_process.origins
    assert in_workers.entities == in_process.entities
    assert {k: (v.statements, v.observations) for k, v in in_workers.facts.items()} == {
        k: (v.statements, v.observations) for k, v in in_process.facts.items()
    }


def test_an_error_found_in_a_worker_names_its_file_and_line(eight_issues, tmp_path):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(eight_issues), str(data)], check=True)
    broken = data / "issues" / "syn-0005" / "articles" / "04-china-nev-batteries.yaml"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "value: " in line)
    lines[index] = lines[index].replace("value: ", "value: [", 1)
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputErrors) as raised:
        load.load_corpus(data)
    assert [(error.path, error.line) for error in raised.value.errors] == [(broken, index + 2)]
    assert "YAML syntax error" in str(raised.value)

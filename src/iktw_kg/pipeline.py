"""The build pipeline: load → check → per unit (map → SHACL → serialise) → assemble → commit.

The CLI, the tests and the benchmarks all run this code. The corpus is built in units (the
shared vocabulary, and one per issue: see units.py) that run in parallel worker processes
and are cached under out/.cache/ by a fingerprint of everything they depend on, so an edit
to one issue of 250 rebuilds one unit. Nothing under `out/` is touched until the input has
loaded and its quotes have been checked; graph exports are only replaced when SHACL passes,
and every file of a build is committed together, so a bad edit or a killed build never
costs the analyst the last good build.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Dataset

from iktw_kg.assemble import export_chunks, merge_union, report_bytes
from iktw_kg.atomic import StagedFiles
from iktw_kg.cache import CACHE_DIRECTORY, BuildCache, code_version
from iktw_kg.checks import check_corpus
from iktw_kg.collections_policy import fewer_collections
from iktw_kg.errors import InputErrors
from iktw_kg.evidence import check_evidence
from iktw_kg.export import Chunk, ExportFormat
from iktw_kg.load import Corpus, data_files, load_corpus
from iktw_kg.mapping import build_dataset
from iktw_kg.model import Bulletin, Entity
from iktw_kg.stopwatch import Stopwatch
from iktw_kg.unit_build import UnitArtefacts, UnitJob, build_unit
from iktw_kg.units import DefinitionDigests, UnitLocator, external_definitions, fingerprint, partition, slice_corpus
from iktw_kg.validate import Violation

OUTPUT_STEM = "iktw"
REPORT_FILE = "shacl-report.ttl"
ASSEMBLY_ORDER = (
    ExportFormat.NTRIPLES,
    ExportFormat.NQUADS,
    ExportFormat.TRIG,
    ExportFormat.JSONLD,
    ExportFormat.TURTLE,
)
"""Quick concatenations first and Turtle (the one export that is serialised again) last, so
that the others are written to disk while Turtle is being computed."""


@dataclass
class BuildResult:
    """What a build produced, for the summary table, the tests and the benchmarks."""

    corpus: Corpus
    units: list[UnitArtefacts]
    triple_count: int
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return all(unit.conforms for unit in self.units)

    @property
    def violations(self) -> list[Violation]:
        return sorted((v for unit in self.units for v in unit.violations), key=Violation.sort_key)

    @property
    def graph_count(self) -> int:
        return sum(unit.graph_count for unit in self.units)

    def class_counts(self) -> Counter[str]:
        """Instances per iktw class (direct types), for the summary."""
        counts: Counter[str] = Counter()
        for unit in self.units:
            counts.update(unit.class_counts)
        return counts

    @cached_property
    def dataset(self) -> Dataset:
        """The whole graph as one rdflib dataset, mapped on demand (for tests and small corpora)."""
        return build_dataset(self.corpus)


def load_checked(data_dir: Path, stopwatch: Stopwatch | None = None, cache: BuildCache | None = None) -> Corpus:
    """Load the corpus, apply the cross-record rules and check every quote against the source.

    Raises InputErrors listing every problem found.
    """
    stopwatch = stopwatch or Stopwatch()
    with fewer_collections():
        corpus = stopwatch.run("load", lambda: load_corpus(data_dir, cache, stopwatch))
        errors = stopwatch.run("check", lambda: [*check_corpus(corpus), *check_evidence(corpus, cache)])
    if errors:
        raise InputErrors(errors)
    return corpus


def build(
    data_dir: Path,
    out_dir: Path,
    formats: tuple[ExportFormat, ...] = tuple(ExportFormat),
    workers: int | None = None,
    write: bool = True,
) -> BuildResult:
    """Run the whole pipeline; write exports only if the data conforms to the shapes.

    `workers` processes build the units that are not cached (default: one per CPU).
    With `write=False` nothing is written (validation and statistics only).
    """
    with fewer_collections():
        return _build(data_dir, out_dir, formats, workers, write)


def _build(
    data_dir: Path, out_dir: Path, formats: tuple[ExportFormat, ...], workers: int | None, write: bool
) -> BuildResult:
    stopwatch = Stopwatch()
    cache = BuildCache(out_dir / CACHE_DIRECTORY)
    corpus = load_checked(data_dir, stopwatch, cache)
    jobs, artefacts = stopwatch.run("plan", lambda: _plan(corpus, cache))
    built = stopwatch.run("units", lambda: _run(jobs, workers))
    for unit in built:
        cache.put("units", unit.fingerprint, unit)
    built_by_name = {unit.name: unit for unit in built}
    units = [cached or built_by_name[name] for name, cached in artefacts]
    result = BuildResult(corpus, units, 0, timings=stopwatch.timings, rebuilt=[u.name for u in built])
    with StagedFiles() as staged:

        def output(path: Path, content: bytes | list[Chunk]) -> None:
            # Written in the background while the next export is assembled; renamed at commit.
            if write:
                staged.stage(path, content)
                result.written.append(path)

        output(out_dir / REPORT_FILE, stopwatch.run("report", lambda: report_bytes(units)))
        if result.conforms:
            ntriples = stopwatch.run("merge union", lambda: merge_union(units))
            result.triple_count = ntriples.count(b"\n")
            for fmt in sorted(formats, key=ASSEMBLY_ORDER.index):
                content = stopwatch.run(f"assemble {fmt.value}", lambda f=fmt: export_chunks(units, f, ntriples))
                output(out_dir / f"{OUTPUT_STEM}.{fmt.value}", content)
        if write:
            stopwatch.run("commit", staged.commit)
            cache.commit()
            cache.prune()
    return result


def _plan(corpus: Corpus, cache: BuildCache) -> tuple[list[UnitJob], list[tuple[str, UnitArtefacts | None]]]:
    """For each unit in export order: its cached artefacts, or a job to build it."""
    units = partition(corpus)
    files: dict[str, list[Path]] = {unit.name: [] for unit in units}
    unit_of = UnitLocator(units)
    for path in data_files(corpus.data_dir):
        files[unit_of(path).name].append(path)
    definitions: dict[str, Entity | Bulletin] = {e.id: e for e in corpus.entities}
    definitions.update({b.id: b for b in corpus.bulletins})
    code = code_version()
    digests = DefinitionDigests()
    jobs, artefacts = [], []
    for unit, part in zip(units, slice_corpus(corpus, units), strict=True):
        context = external_definitions(part, definitions)
        referred = [*context[0], *context[1], *(corpus.bulletins if unit.issue is None else [])]
        key = fingerprint(unit, files[unit.name], corpus.data_dir, digests.of(referred), code)
        cached = cache.get("units", key)
        artefacts.append((unit.name, cached))
        if cached is None:
            jobs.append(UnitJob(unit.name, key, part, unit.issue is None, context))
    return jobs, artefacts


def current_units(corpus: Corpus, cache: BuildCache) -> list[UnitArtefacts]:
    """Every unit of the corpus, in export order: as a build left it in the cache if it is
    current, else built here (map and SHACL, in workers, as a build would) without touching
    the cache. Queries, `serve` and `push` thus read ten years of issues in seconds after a
    build, and never a unit edited since."""
    jobs, artefacts = _plan(corpus, cache)
    return _completed(jobs, artefacts)


def current_units_if_built(corpus: Corpus, cache: BuildCache) -> list[UnitArtefacts] | None:
    """current_units, or None if the cache holds none of the units (nothing was built there):
    a query then maps the corpus directly, which is quicker than building every unit."""
    jobs, artefacts = _plan(corpus, cache)
    return None if len(jobs) == len(artefacts) else _completed(jobs, artefacts)


def _completed(jobs: list[UnitJob], artefacts: list[tuple[str, UnitArtefacts | None]]) -> list[UnitArtefacts]:
    built = {unit.name: unit for unit in _run(jobs, None)}
    return [cached or built[name] for name, cached in artefacts]


_FORKED_JOBS: list[UnitJob] = []
"""The jobs of the running build, inherited by forked workers instead of being pickled to them."""


def _build_forked_job(index: int) -> UnitArtefacts:
    return build_unit(_FORKED_JOBS[index])


def _run(jobs: list[UnitJob], workers: int | None) -> list[UnitArtefacts]:
    """Build the units, in forked worker processes when there is more than one to build.

    The workers inherit the jobs through fork (sending a corpus slice and its context to each
    worker by pickle costs more than building it), and the parent's objects are frozen out of
    the garbage collector first, so that the workers' collections do not walk (and copy) the
    whole inherited heap of a ten-year corpus.
    """
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return [build_unit(job) for job in jobs]
    _FORKED_JOBS[:] = jobs
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_build_forked_job, range(len(jobs)), chunksize=1))
    finally:
        gc.unfreeze()
        _FORKED_JOBS.clear()

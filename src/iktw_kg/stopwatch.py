"""Per-stage wall times of a build, so the benchmarks can report each stage."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Stopwatch:
    """Adds up the wall time spent in each named stage."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def run(self, stage: str, work: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = work()
        self.add(stage, time.perf_counter() - start)
        return result

    def add(self, stage: str, seconds: float) -> None:
        """Count time measured elsewhere (in a worker process) towards a stage."""
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

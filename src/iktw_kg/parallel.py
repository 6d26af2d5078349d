"""Parsing many files in forked worker processes.

Ten years of issues are 2,500 YAML files; reading them is pure Python and took ten seconds
of a full build on one core. Workers are forked (they inherit the code, nothing is imported
again) and only the files' bytes go to them; their parsed models come back by pickle, which
costs far less than parsing. A handful of files is parsed in-process: forking would cost
more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_MINIMUM = 64
"""Fewer items than this are handled in-process."""


def parse_in_workers(work: Callable[[Item], Result], items: list[Item]) -> list[Result]:
    """`work` applied to every item, in order; in one forked worker per CPU when there are many.

    `work` must return its errors rather than raise them, so one bad file does not cost the
    results of the others.
    """
    workers = min(os.cpu_count() or 1, len(items) // PARALLEL_MINIMUM + 1)
    if workers <= 1:
        return [work(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(work, items, chunksize=32))

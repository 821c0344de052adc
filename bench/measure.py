"""Shared by the benches: time pages against the floor, interleaved, in one process.

Pages are requested in rounds; each round visits every page (the floor included) once, in a
shuffled order, so a burst of load on the machine lands on all pages alike instead of on
whichever page happened to be measured then. Each page reports its median, its spread (the
middle half of its timings) and its ratio to the floor's median in the same run.
"""

from __future__ import annotations

import random
import statistics
import time
from contextlib import contextmanager

FLOOR = "floor"


class QueryCounter:
    """Counts the queries run inside `with counting(connection) as counter:`, as a Django
    execute wrapper. Django's CaptureQueriesContext would count the same, but through the debug
    cursor, which formats every query's SQL while it is timed (on SQLite with a further query of
    its own to quote the parameters): a cost per query that the pages pay and the floor, with
    its four queries, hardly does."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting(connection):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def quartiles(values: list[float]) -> tuple[float, float]:
    """The first and third quartiles: the spread of the middle half of the timings."""
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def measure_pages(
    client, pages: dict[str, str], rounds: int, seed: int = 2026, before: dict | None = None
) -> dict:
    """Time each page over `rounds` shuffled rounds; `pages` must include FLOOR. `before` maps a
    page to a function run, untimed, before each of its requests (e.g. a change to the user's
    data, so that results kept per change are worked out again, as after a real write); what it
    returns, if anything, is called after the request to undo it for the other pages."""
    before = before or {}
    from django.db import connection

    if FLOOR not in pages:
        raise ValueError("the pages to measure must include the floor")
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    queries: dict[str, int] = {}
    for name, url in pages.items():  # warm caches and templates, and check every page answers
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{name} ({url}) answered {response.status_code}")
    order = list(pages)
    for _ in range(rounds):
        rng.shuffle(order)
        for name in order:
            undo = before[name]() if name in before else None
            with counting(connection) as counter:
                started = time.perf_counter()
                client.get(pages[name])
                timings[name].append((time.perf_counter() - started) * 1000)
            queries[name] = counter.count
            if undo:
                undo()
    return summarise(timings, queries)


def summarise(timings: dict[str, list[float]], queries: dict[str, int]) -> dict:
    """Each page's median, middle half, queries and ratio to the floor timed in the same run."""
    floor_ms = statistics.median(timings[FLOOR])
    results = {}
    for name, values in timings.items():
        low, high = quartiles(values)
        median = statistics.median(values)
        results[name] = {
            "median_ms": round(median, 1),
            "spread_ms": [round(low, 1), round(high, 1)],
            "queries": queries[name],
            "floor_ms": round(floor_ms, 1),
            "ratio": round(median / floor_ms, 1),
        }
    return results


def print_table(results: dict, heading: str) -> None:
    print(heading)
    print(f"{'page':<22}{'median ms':>10}{'middle half ms':>18}{'queries':>9}{'× floor':>9}")
    for name, row in results.items():
        low, high = row["spread_ms"]
        spread = f"{low}–{high}"
        print(f"{name:<22}{row['median_ms']:>10}{spread:>18}{row['queries']:>9}{row['ratio']:>9}")

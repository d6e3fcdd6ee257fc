"""Incidents assessed on a Dask cluster: a Dask DataFrame of incidents, each partition run
through ``borderscope.assess`` on the workers (``map_partitions``), the frontier and the
gazetteer built into every worker's copy of the package (nothing to broadcast), and the
result checked equal to the single-process run.

    python examples/dask_assess.py INCIDENTS.csv [PARTITIONS]

Runs a ``distributed.LocalCluster`` of 2 worker processes (1 thread each, and rayon held to
one thread in each, so that the workers do not fight over the cores), prints the times and
the overhead per partition, and exits 1 if the results differ.
"""

from __future__ import annotations

import os
import sys
import time

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import borderscope as bs
from borderscope.testing import same_results

# The columns read as text (a date is not a number; pandas would make it one).
DTYPE = {"event_date": str, "event_id_cnty": str}


def assess_distributed(path: str, partitions: int = 8, workers: int = 2) -> tuple[pd.DataFrame, float]:
    """The incidents of a CSV file assessed on a local cluster, partition by partition; the
    result (in input order) and the seconds it took."""
    size = os.path.getsize(path)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      env={"RAYON_NUM_THREADS": "1"}, dashboard_address=None) as cluster, \
            Client(cluster):
        t = time.perf_counter()
        ddf = dd.read_csv(path, dtype=DTYPE, blocksize=max(size // partitions + 1, 1 << 16))
        # The result's shape, from a few rows (assess gives the same columns for any rows).
        meta = bs.assess(ddf.head(50, compute=True)).iloc[:0]
        result = ddf.map_partitions(bs.assess, meta=meta).compute()
        return result.reset_index(drop=True), time.perf_counter() - t


def assess_single(path: str) -> tuple[pd.DataFrame, float]:
    t = time.perf_counter()
    result = bs.assess(pd.read_csv(path, dtype=DTYPE))
    return result.reset_index(drop=True), time.perf_counter() - t


def main(argv: list[str]) -> int:
    path = argv[1]
    partitions = int(argv[2]) if len(argv) > 2 else 8
    single, t1 = assess_single(path)
    dist, t2 = assess_distributed(path, partitions)
    ok = same_results(single, dist)
    print(f"{len(single):,} incidents: single process {t1:.2f} s, LocalCluster(2) with "
          f"{partitions} partitions {t2:.2f} s; equal: {ok}")
    print(f"overhead per partition (cluster time − single time, over partitions, cluster start excluded): "
          f"{(t2 - t1) / partitions * 1000:.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

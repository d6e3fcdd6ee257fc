"""Incidents assessed with PySpark: a Spark DataFrame of incidents read from CSV, each
partition's Arrow record batches run through ``borderscope.assess`` on the executors
(``mapInArrow``: no pandas, no row-by-row Python), and the result checked equal to the
single-process run.

    python examples/spark_assess.py INCIDENTS.csv [PARTITIONS]

Runs Spark in ``local[2]`` mode (PySpark from PyPI, Java 17). The output schema is the one
``assess`` gives (from a few rows); the input is split into PARTITIONS by size, without a
shuffle, so that the rows come back in input order. Exits 1 if the results differ.
"""

from __future__ import annotations

import os
import sys
import time

import pandas as pd
import pyarrow as pa

import borderscope as bs
from borderscope.testing import same_results


def assess_spark(path: str, partitions: int = 8) -> tuple[pd.DataFrame, float]:
    """The incidents of a CSV file assessed by Spark, partition by partition; the result (in
    input order) and the seconds it took (the session's start excluded)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    size = os.path.getsize(path)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("borderscope")
        .config("spark.sql.files.maxPartitionBytes", str(max(size // partitions + 1, 1 << 16)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.executorEnv.RAYON_NUM_THREADS", "1")
        .getOrCreate()
    )
    try:
        t = time.perf_counter()
        # Every column as text, as the CSV has it (dates stay dates, ids stay ids).
        sdf = spark.read.csv(path, header=True, inferSchema=False)
        sample = pa.Table.from_pandas(sdf.limit(50).toPandas(), preserve_index=False)
        schema = bs.assess(sample).schema.remove_metadata()

        def run(batches):
            for batch in batches:
                table = bs.assess(pa.Table.from_batches([batch]), on_bad_rows="skip")
                yield from table.cast(schema).to_batches()

        result = sdf.mapInArrow(run, from_arrow_schema(schema)).toPandas()
        return result.reset_index(drop=True), time.perf_counter() - t
    finally:
        spark.stop()


def assess_single(path: str) -> tuple[pd.DataFrame, float]:
    t = time.perf_counter()
    result = bs.assess(pd.read_csv(path, dtype=str))
    return result.reset_index(drop=True), time.perf_counter() - t


def main(argv: list[str]) -> int:
    path = argv[1]
    partitions = int(argv[2]) if len(argv) > 2 else 8
    single, t1 = assess_single(path)
    spark, t2 = assess_spark(path, partitions)
    ok = same_results(single, spark)
    print(f"{len(single):,} incidents: single process {t1:.2f} s, Spark local[2] with "
          f"{partitions} partitions {t2:.2f} s; equal: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

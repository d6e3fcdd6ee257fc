"""Comparing results of ``assess`` made different ways (one process or a cluster, pandas or
Spark), as ``pandas.testing`` compares frames: by value, not by the dtypes each route gives."""

from __future__ import annotations

import pandas as pd

from . import RESULT_COLUMNS


def same_results(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two results hold the same rows, in the same order, on the result columns.

    Numbers compare by value (Spark gives whole numbers with nulls as doubles, pandas as
    nullable integers; Dask may widen a partition's all-empty column), the rest as text, a
    null equal to a null.
    """
    if len(a) != len(b):
        return False
    for c in RESULT_COLUMNS:
        x, y = a[c], b[c]
        if x.dtype.kind in "iuf" or y.dtype.kind in "iuf" or str(x.dtype) == "Int64":
            x, y = pd.to_numeric(x).astype(float), pd.to_numeric(y).astype(float)
            if not ((x.values == y.values) | (x.isna().values & y.isna().values)).all():
                return False
        else:
            def text(s: pd.Series):
                return s.astype(object).where(s.notna(), "").astype(str).values
            if not (text(x) == text(y)).all():
                return False
    return True

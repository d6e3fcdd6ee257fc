"""borderscope: which incidents happened near which stretch of a frontier, whether that
stretch was contested on the day, how sure that answer is, and which settlements lie there.

The Kyrgyzstan–Tajikistan frontier, its gazetteer and its documented clashes are embedded;
``border=`` and ``settlements=`` take other files (or GeoDataFrames). Every function runs the
library the ``borderscope`` command line runs, so the rows are the command line's, value for
value (``assess_csv`` gives its CSV byte for byte).

>>> import borderscope as bs
>>> s = bs.summary("2022-09-16")
>>> s.loc[s.sector == "(all)", "contested_share"].item() > 0
True
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
from typing import Any, Iterable, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _borderscope as _native
from .errors import ArgumentError, BorderscopeError, InputError

__all__ = [
    "ArgumentError",
    "BorderscopeError",
    "InputError",
    "RESULT_COLUMNS",
    "assess",
    "assess_csv",
    "frontier",
    "near",
    "settlements",
    "summary",
    "timeline",
]

__version__ = _native.__version__

#: The result columns of ``borderscope incidents --format csv``, in order (the contract: new
#: columns are only ever appended).
RESULT_COLUMNS = (
    "id,date,lon,lat,segment_id,segment_status,distance_m,contested_segment_id,"
    "contested_distance_m,near_contested,settlement,settlement_distance_m,fatalities,"
    "location_uncertainty_m,location_basis,date_first,date_last,contested_distance_min_m,"
    "contested_distance_max_m,contested_status_certainty,verdict,verdict_reason"
).split(",")

# The column that carries each input row's position through the engine, so that the input's
# own columns (with their types) are joined back exactly to the rows that came out.
_ROW = "__borderscope_row"


def _date(value: Any) -> str | None:
    """A date argument as ``YYYY-MM-DD`` (a string, a ``datetime.date`` or a pandas Timestamp)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    raise ArgumentError(f"{value!r} is not a date: give 'YYYY-MM-DD' or a datetime.date")


def _json_value(v: Any) -> Any:
    if hasattr(v, "tolist"):
        return v.tolist()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is not JSON")


class _Files:
    """Frontier and gazetteer arguments as paths: a GeoDataFrame (or a GeoJSON dict) is
    written to a temporary GeoJSON file, which the library reads as it reads any file."""

    def __init__(self) -> None:
        self._dir: tempfile.TemporaryDirectory | None = None

    def path(self, value: Any, name: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, (str, os.PathLike)):
            return os.fspath(value)
        if isinstance(value, dict):
            text = json.dumps(value)
        elif hasattr(value, "to_json") and hasattr(value, "geometry"):
            if value.crs is not None and value.crs.to_epsg() != 4326:
                value = value.to_crs(4326)
            # Columns of lists read back by GeoPandas as arrays (a gazetteer's alt_names),
            # and numpy numbers, as JSON.
            text = value.to_json(drop_id=True, default=_json_value)
        else:
            raise ArgumentError(
                f"{name}: a {type(value).__name__} is neither a path, a GeoDataFrame nor a GeoJSON dict"
            )
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="borderscope-")
        path = os.path.join(self._dir.name, f"{name}.geojson")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def __enter__(self) -> "_Files":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._dir is not None:
            self._dir.cleanup()


def _csv(text: str) -> pd.DataFrame:
    # Text columns stay text (an id "7" is not the number 7); numbers are numbers.
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""]).convert_dtypes()


def summary(as_of: Any = None, *, border: Any = None, by_segment: bool = False) -> pd.DataFrame:
    """The lengths on a date (default: today), by sector and ``(all)``, with the ranges of the
    uncertain statuses (``contested_share_min``/``_max``): ``borderscope summary --as-of DATE
    --format csv``. ``by_segment=True``: one row per segment, with its status, since when,
    its certainty and its source.
    """
    with _Files() as files:
        text = _native.summary(_date(as_of), files.path(border, "border"), by_segment)
    return _csv(text)


def timeline(*, border: Any = None) -> pd.DataFrame:
    """The contested share after every change of status, with its range:
    ``borderscope summary --timeline --format csv``."""
    with _Files() as files:
        text = _native.timeline(files.path(border, "border"))
    return _csv(text)


def frontier(as_of: Any = None, *, border: Any = None):
    """The frontier's segments with their status on a date (default: today), its certainty,
    and their whole sourced history (``history``: a list of dated statuses), as a GeoDataFrame
    in EPSG:4326; a GeoJSON FeatureCollection (a dict) when GeoPandas is not installed.
    """
    with _Files() as files:
        path = files.path(border, "border")
        on_date = json.loads(_native.summary(_date(as_of), path, True, True))
        whole = json.loads(_native.frontier_geojson(path))
    history = {f["properties"]["id"]: f["properties"].get("history") for f in whole["features"]}
    features = []
    for f in on_date["features"]:
        props = dict(f["properties"])
        props["history"] = history.get(props["id"])
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    collection = {"type": "FeatureCollection", "features": features}
    try:
        import geopandas as gpd
    except ImportError:
        return collection
    gdf = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    # The columns in the file's order, the geometry last.
    order = list(features[0]["properties"]) if features else []
    return gdf[[c for c in order if c in gdf.columns] + ["geometry"]]


def near(lat: float, lon: float, *, as_of: Any = None, radius_km: float = 10.0,
         border: Any = None, settlements: Any = None, incidents: Any = None) -> pd.DataFrame:
    """What lies near a point on a date: the nearest segment, the nearest contested one, the
    settlements and incidents within ``radius_km`` (the built-in incidents, or a file's):
    ``borderscope near LAT LON --radius KM --format csv``."""
    with _Files() as files:
        text = _native.near(float(lat), float(lon), _date(as_of), float(radius_km),
                            files.path(border, "border"), files.path(settlements, "settlements"),
                            None if incidents is None else os.fspath(incidents))
    return _csv(text)


def settlements(within_km: float = 5.0, *, status: str | None = None, as_of: Any = None,
                border: Any = None, settlements: Any = None) -> pd.DataFrame:
    """Settlements within ``within_km`` of the frontier (of its ``status`` stretches, on a
    date): ``borderscope settlements --format csv``."""
    with _Files() as files:
        text = _native.settlements(float(within_km), status, _date(as_of),
                                   files.path(border, "border"),
                                   files.path(settlements, "settlements"))
    return _csv(text)


def _arrow_input(data: Any) -> tuple[pa.Table, str, pd.DataFrame | None]:
    """In-memory data as an Arrow table, what it was (``pandas`` or ``arrow``), and for
    pandas the frame the table was made of (a GeoDataFrame's points as longitude and
    latitude columns)."""
    if isinstance(data, pd.DataFrame):
        frame = data
        geometry = getattr(data, "_geometry_column_name", None)
        if geometry is not None and geometry in data.columns:
            # A GeoDataFrame of points: the places as longitude and latitude.
            g = data[geometry]
            if g.crs is not None and g.crs.to_epsg() != 4326:
                g = g.to_crs(4326)
            frame = pd.DataFrame(data.drop(columns=[geometry]))
            if "longitude" not in frame.columns and "latitude" not in frame.columns:
                types = set(g.geom_type.dropna())
                if types - {"Point"}:
                    raise ArgumentError(f"incidents must be points; the GeoDataFrame has {sorted(types)}")
                frame["longitude"] = g.x.to_numpy()
                frame["latitude"] = g.y.to_numpy()
        try:
            table = pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # Columns of mixed kinds (numbers and text) as text, as a CSV would hold them.
            mixed = {c: frame[c].astype("string") for c in frame.columns if frame[c].dtype == object}
            table = pa.Table.from_pandas(frame.assign(**mixed), preserve_index=False)
        return table, "pandas", frame
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data]), "arrow", None
    if isinstance(data, pa.Table):
        return data, "arrow", None
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data), "arrow", None
    raise ArgumentError(
        f"data: a {type(data).__name__} is not incidents: give a path, a pandas DataFrame, a "
        "GeoDataFrame, a pyarrow Table or RecordBatch"
    )


def _run(data: Any, output: str, keep: Any, on_bad_rows: str, files: _Files, **kw: Any):
    if on_bad_rows not in ("warn", "raise", "skip"):
        raise ArgumentError(f"on_bad_rows: {on_bad_rows!r}: expected 'warn', 'raise' or 'skip'")
    kw["as_of"] = _date(kw.get("as_of"))
    kw["border"] = files.path(kw.get("border"), "border")
    kw["settlements"] = files.path(kw.get("settlements"), "settlements")
    kw["strict"] = on_bad_rows == "raise"
    if isinstance(data, (str, os.PathLike)):
        source, kind, table = os.fspath(data), "path", None
    else:
        table, kind, _ = _arrow_input(data)
        source = table
    if keep == "all":
        keep = ["*"]
    elif isinstance(keep, str):
        keep = [keep]
    elif keep is not None:
        keep = list(keep)
    blob, bad, first_bad, notes = _native.assess(source, output=output, keep=keep, **kw)
    if bad and on_bad_rows == "warn":
        warnings.warn(
            f"borderscope: skipped {bad} bad record(s); the first: {first_bad[0]}",
            stacklevel=3,
        )
    return blob, bad, notes, kind, table


def assess_csv(data: Any, *, keep: Any = None, on_bad_rows: str = "warn", **options: Any) -> str:
    """``borderscope incidents --format csv`` for ``data`` (a path, a DataFrame, a
    GeoDataFrame, an Arrow table), byte for byte: the same header, rows and numbers.
    ``keep``: input columns to carry after the result columns (a list, or ``"all"`` for a
    path or table). Other options as :func:`assess`."""
    with _Files() as files:
        blob, _, _, _, _ = _run(data, "csv", keep, on_bad_rows, files, **options)
    return blob.decode("utf-8")


def assess(
    data: Any,
    *,
    lat: str | None = None,
    lon: str | None = None,
    date: str | None = None,
    id: str | None = None,
    fatalities: str | None = None,
    uncertainty: str | None = None,
    date_format: str | None = None,
    within_km: float = 10.0,
    as_of: Any = None,
    location_uncertainty_km: float = 0.0,
    max_uncertainty_km: float | None = None,
    border: Any = None,
    settlements: Any = None,
    keep: Any = "all",
    on_bad_rows: str = "warn",
):
    """Assess incidents as ``borderscope incidents`` does: for each, the nearest segment and
    its status on the incident's date (or ``as_of``), the nearest contested stretch, the
    distance range from the place's uncertainty, the verdict, the nearest settlement.

    ``data``: a path (CSV, GeoJSON, GeoParquet, an API response), a pandas DataFrame, a
    GeoDataFrame of points, or Arrow data (a pyarrow Table or RecordBatch, or anything with
    ``__arrow_c_stream__``: taken without copying). The columns are found by their usual names
    (ACLED, UCDP GED, ``latitude``/``longitude``/``date``...) or named with ``lat``, ``lon``,
    ``date``, ``id``, ``fatalities``, ``uncertainty``; ``date_format`` is ``"auto"``,
    ``"dayfirst"``, ``"monthfirst"``, ``"excel"``, ``"excel1904"`` or a strftime pattern.

    Returns the command line's result columns (:data:`RESULT_COLUMNS`, with its names and
    values: dates as dates, metres as floats, ``near_contested`` as booleans), followed by the
    input's columns (``keep="all"``, the default; a list names some; ``None`` none), named as
    ``--keep`` names them (``input_fatalities`` for an input ``fatalities``). For in-memory
    data the input's columns keep their types; from a path they are text, as in the CLI. The
    result is a pandas DataFrame, or a pyarrow Table when ``data`` is Arrow data. Bad records
    are skipped with a warning (``on_bad_rows="raise"`` raises :class:`InputError` at the
    first, ``"skip"`` says nothing); ``result.attrs`` (pandas) or the schema metadata (Arrow)
    holds ``skipped`` and the ``notes``.
    """
    options = dict(lat=lat, lon=lon, date=date, id=id, fatalities=fatalities,
                   uncertainty=uncertainty, date_format=date_format, within_km=float(within_km),
                   as_of=as_of, location_uncertainty_km=float(location_uncertainty_km),
                   max_uncertainty_km=None if max_uncertainty_km is None else float(max_uncertainty_km),
                   border=border, settlements=settlements)
    with _Files() as files:
        if isinstance(data, (str, os.PathLike)):
            stream, bad, notes, _, _ = _run(data, "arrow", keep, on_bad_rows, files, **options)
            return _finish(_pandas(pa.table(stream)), bad, notes)
        table, kind, frame = _arrow_input(data)
        n = table.num_rows
        names = _kept_input_names(table.column_names, keep)
        carrier = table.append_column(_ROW, pa.array(range(n), type=pa.int64()))
        stream, bad, notes, _, _ = _run(carrier, "arrow", [_ROW], on_bad_rows, files, **options)
    result = pa.table(stream)
    rows = pc.cast(result.column(_ROW), pa.int64())
    result = result.drop_columns([_ROW])
    # The rows come out in input order; when none was skipped or left out (the usual case),
    # they are all the input's, and its columns are joined as they are, with no copy.
    whole = len(rows) == n
    outputs = _native.kept_names(names)
    if kind == "arrow":
        taken = table.select(names) if whole else table.select(names).take(rows)
        for name, out in zip(names, outputs):
            result = result.append_column(out, taken.column(name))
        meta = dict(result.schema.metadata or {})
        meta[b"borderscope"] = json.dumps({"skipped": bad, "notes": notes}).encode()
        return result.replace_schema_metadata(meta)
    out = _pandas(result)
    if names:
        # The input's own columns, with their pandas types (categoricals, nullable ints).
        picked = frame[names] if whole else frame.iloc[rows.to_numpy()][names]
        picked = picked.set_axis(outputs, axis=1).reset_index(drop=True)
        out = pd.concat([out, picked], axis=1)
    return _finish(out, bad, notes)


def _pandas(table: pa.Table) -> pd.DataFrame:
    """A result table as pandas: whole numbers (deaths) as nullable integers, not floats."""
    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)


def _kept_input_names(columns: Sequence[str], keep: Any) -> list[str]:
    if keep is None:
        return []
    if keep == "all":
        return list(columns)
    wanted = [keep] if isinstance(keep, str) else list(keep)
    missing = [k for k in wanted if k not in columns]
    if missing:
        raise ArgumentError(f"keep: {missing} not among the columns {list(columns)}")
    return wanted


def _finish(frame: pd.DataFrame, bad: int, notes: Iterable[str]) -> pd.DataFrame:
    frame.attrs["skipped"] = bad
    frame.attrs["notes"] = list(notes)
    return frame

"""GeoParquet checks run by tests/parquet.rs with pyarrow, GeoPandas, shapely and DuckDB.

    check.py write CSV DIR     writes the ACLED CSV's events as the Parquet files analysts'
                               tools write: GeoPandas (WKB, and native GeoArrow points),
                               zstd, plain pandas with latitude/longitude and datetimes,
                               DuckDB's COPY.
    check.py read PARQUET CSV  checks that borderscope's Parquet holds the values of its CSV,
                               column by column, and opens in GeoPandas (OGC:CRS84, the points
                               at lon/lat) and DuckDB (a GEOMETRY column in OGC:CRS84).
    check.py layers PARQUET    prints the feature count per layer of an export (GeoPandas).

Exits non-zero, saying why, when a check fails.
"""

import csv
import math
import sys

import duckdb
import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely


def write(src, out):
    df = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # Rows without a place (the fixture's bad row) are left out, as borderscope skips them.
    df["latitude"] = pd.to_numeric(df["latitude"], errors="coerce")
    df["longitude"] = pd.to_numeric(df["longitude"], errors="coerce")
    df = df.dropna(subset=["latitude", "longitude"]).reset_index(drop=True)
    df["fatalities"] = pd.to_numeric(df["fatalities"], errors="coerce").astype("Int64")
    points = gpd.points_from_xy(df["longitude"], df["latitude"])
    g = gpd.GeoDataFrame(df.drop(columns=["latitude", "longitude"]), geometry=points, crs="EPSG:4326")
    g.to_parquet(f"{out}/gpd-wkb.parquet")
    g.to_parquet(f"{out}/gpd-geoarrow.parquet", geometry_encoding="geoarrow")
    g.to_parquet(f"{out}/gpd-zstd.parquet", compression="zstd")
    # pandas, no geometry: latitude/longitude columns and the date as a datetime.
    p = df.copy()
    p["event_date"] = pd.to_datetime(p["event_date"])
    p.to_parquet(f"{out}/pandas-latlon.parquet")
    con = duckdb.connect()
    con.register("events", pa.Table.from_pandas(df))
    con.sql(f"COPY (SELECT * FROM events) TO '{out}/duckdb.parquet' (FORMAT parquet)")


def fail(why):
    print(f"check.py: {why}", file=sys.stderr)
    sys.exit(1)


def read(parquet, csv_path):
    table = pq.read_table(parquet)
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if table.num_rows != len(rows):
        fail(f"{table.num_rows} rows in the Parquet, {len(rows)} in the CSV")
    header = list(rows[0].keys()) if rows else []
    names = [n for n in table.column_names if n not in ("geometry", "bbox")]
    if names != header:
        fail(f"columns {names} != CSV header {header}")
    for name in names:
        col = table.column(name)
        for i, (v, row) in enumerate(zip(col.to_pylist(), rows)):
            text = row[name]
            t = col.type
            if v is None:
                ok = text == ""
            elif pa.types.is_floating(t):
                ok = text != "" and float(text) == v
            elif pa.types.is_integer(t):
                ok = text != "" and int(text) == v
            elif pa.types.is_boolean(t):
                ok = text == ("true" if v else "false")
            elif pa.types.is_date(t):
                ok = v.isoformat() == text
            else:
                ok = v == text
            if not ok:
                fail(f"row {i}, column {name} ({t}): Parquet {v!r}, CSV {text!r}")
    g = gpd.read_parquet(parquet)
    if g.crs is None or g.crs.to_string() not in ("OGC:CRS84", "EPSG:4326"):
        fail(f"GeoPandas reads the CRS as {g.crs}")
    for i, (pt, row) in enumerate(zip(g.geometry, rows)):
        if pt.geom_type != "Point" or not (math.isclose(pt.x, float(row["lon"]), abs_tol=0) and pt.y == float(row["lat"])):
            fail(f"row {i}: GeoPandas reads the point as {pt}, the CSV has {row['lon']} {row['lat']}")
    con = duckdb.connect()
    types = dict(con.sql(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall_types()
                 if hasattr(con, "fetchall_types") else
                 [(r[0], r[1]) for r in con.sql(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()])
    if not str(types.get("geometry", "")).upper().startswith("GEOMETRY"):
        fail(f"DuckDB reads the geometry column as {types.get('geometry')}")
    if "CRS84" not in str(types["geometry"]) and "4326" not in str(types["geometry"]):
        fail(f"DuckDB reads the geometry's CRS as {types['geometry']}")
    wkb = con.sql(f"SELECT id, geometry::BLOB FROM read_parquet('{parquet}')").fetchall()
    for (id_, blob), row in zip(wkb, rows):
        pt = shapely.from_wkb(bytes(blob))
        if id_ != row["id"] or (pt.x, pt.y) != (float(row["lon"]), float(row["lat"])):
            fail(f"DuckDB row {id_}: {pt}")
    print(f"ok: {len(rows)} rows, {len(names)} columns equal to the CSV; GeoPandas {g.crs}; DuckDB {types['geometry']}")


def layers(parquet):
    g = gpd.read_parquet(parquet)
    if g.crs is None or g.crs.to_string() != "OGC:CRS84":
        fail(f"GeoPandas reads the CRS as {g.crs}")
    if not g.geometry.is_valid.all():
        fail("invalid geometries")
    for layer, n in sorted(g["layer"].value_counts().items()):
        print(f"{layer} {n}")


if __name__ == "__main__":
    {"write": write, "read": read, "layers": layers}[sys.argv[1]](*sys.argv[2:])

"""DuckDB peer (spatial extension): nearest segment and nearest contested segment for each
incident, distances in UTM zone 42N (EPSG:32642), 2 threads.

    python3 duckdb_peer.py incidents.csv segments.csv periods.csv out.csv
"""
import pathlib
import sys

import duckdb

inc_path, seg_path, per_path, out_path = sys.argv[1:5]
ext = next(pathlib.Path(duckdb.__file__).parent.parent.glob("duckdb_ext/extensions/*/*/spatial.duckdb_extension"))
con = duckdb.connect()
con.execute(f"LOAD '{ext}'")
con.execute("SET threads = 2")
con.execute(f"""
CREATE TABLE seg AS
  SELECT idx, id, ST_Transform(ST_GeomFromText(wkt), 'EPSG:4326', 'EPSG:32642', always_xy := true) AS g
  FROM read_csv('{seg_path}');
CREATE TABLE per AS SELECT * FROM read_csv('{per_path}', types = {{'from': 'DATE', 'to': 'DATE'}});
CREATE TABLE inc AS
  SELECT event_id_cnty AS id, CAST(event_date AS DATE) AS d,
         ST_Transform(ST_Point(longitude, latitude), 'EPSG:4326', 'EPSG:32642', always_xy := true) AS g,
         row_number() OVER () AS n
  FROM read_csv('{inc_path}', all_varchar = false);
CREATE TABLE near AS
  SELECT i.n, i.id, min_by(s.id, ST_Distance(i.g, s.g)) AS seg, min(ST_Distance(i.g, s.g)) AS d
  FROM inc i JOIN per p ON i.d >= p."from" AND i.d < p."to" AND p."exists"
  JOIN seg s ON s.idx = p.idx GROUP BY i.n, i.id;
CREATE TABLE cont AS
  SELECT i.n, min_by(s.id, ST_Distance(i.g, s.g)) AS c_seg, min(ST_Distance(i.g, s.g)) AS c_d
  FROM inc i JOIN per p ON i.d >= p."from" AND i.d < p."to" AND p.contested
  JOIN seg s ON s.idx = p.idx GROUP BY i.n;
COPY (SELECT near.id, seg, d, c_seg, c_d, coalesce(c_d <= 10000, false) AS near
      FROM near LEFT JOIN cont USING (n) ORDER BY n) TO '{out_path}' (HEADER);
""")

#!/usr/bin/env bash
# PostGIS peer: a throwaway PostgreSQL 15 cluster with PostGIS 3, geography columns, 2 parallel
# workers. MODE=distance uses ST_Distance(geography, geography, true) over every segment;
# MODE=knn orders by the <-> operator (sphere distance, GiST index).
#
#   bash postgis_peer.sh MODE incidents.csv segments.csv periods.csv out.csv WORKDIR
set -euo pipefail
mode=$1 inc=$2 seg=$3 per=$4 out=$5 work=$6
bin=/usr/lib/postgresql/15/bin
pg="$work/pg"; sock="$work/sock"
mkdir -p "$sock"
chown -R postgres "$work"
chmod 755 "$work"
for f in "$inc" "$seg" "$per"; do chmod a+r "$f"; done
if [ ! -d "$pg" ]; then
  runuser -u postgres -- "$bin/initdb" -D "$pg" -A trust >/dev/null
fi
runuser -u postgres -- "$bin/pg_ctl" -D "$pg" -l "$work/pg.log" -w -o "-p 55432 -k $sock -c listen_addresses='' -c shared_buffers=256MB -c work_mem=64MB -c max_parallel_workers_per_gather=2 -c max_worker_processes=8 -c jit=off -c fsync=off -c synchronous_commit=off" start >/dev/null
trap 'runuser -u postgres -- "$bin/pg_ctl" -D "$pg" -m fast stop >/dev/null' EXIT
psql() { runuser -u postgres -- /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h "$sock" -p 55432 -d postgres "$@"; }
cols=$(head -1 "$inc" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//' | tr ',' '\n' | sed 's/.*/"&" text/' | paste -sd, -)
if [ "$mode" = distance ]; then
  order='ST_Distance(pt, s.g, true), s.idx'
  dist='ST_Distance(pt, s.g, true)'
else
  order='pt <-> s.g, s.idx'
  dist='pt <-> s.g'
fi
psql <<SQL
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS raw, inc, seg, per, res;
DROP FUNCTION IF EXISTS nearest; DROP TYPE IF EXISTS hit;
CREATE TABLE raw ($cols);
COPY raw FROM '$inc' (FORMAT csv, HEADER true);
CREATE TABLE inc AS SELECT row_number() OVER () AS n, event_id_cnty AS id, event_date::date AS d,
  ST_SetSRID(ST_MakePoint(longitude::float8, latitude::float8), 4326)::geography AS g FROM raw;
CREATE TABLE seg (idx int, id text, wkt text);
COPY seg FROM '$seg' (FORMAT csv, HEADER true);
ALTER TABLE seg ADD COLUMN g geography;
UPDATE seg SET g = ST_GeogFromText('SRID=4326;' || wkt);
CREATE INDEX ON seg USING gist (g);
CREATE TABLE per (id text, idx int, "from" date, "to" date, "exists" boolean, contested boolean);
COPY per FROM '$per' (FORMAT csv, HEADER true);
ANALYZE inc; ANALYZE seg; ANALYZE per;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
-- The nearest segment as a PARALLEL SAFE function in the select list, so that the parallel
-- workers, not the leader, do the distance work.
CREATE TYPE hit AS (id text, d float8);
CREATE FUNCTION nearest(pt geography, day date, contested_only boolean) RETURNS hit
LANGUAGE sql STABLE PARALLEL SAFE AS \$\$
  SELECT ROW(s.id, $dist)::hit FROM seg s JOIN per p ON p.idx = s.idx
  WHERE day >= p."from" AND day < p."to" AND (CASE WHEN contested_only THEN p.contested ELSE p."exists" END)
  ORDER BY $order LIMIT 1
\$\$;
CREATE TABLE res AS
SELECT n, id, (a).id AS seg, (a).d AS d, (b).id AS c_seg, (b).d AS c_d, coalesce((b).d <= 10000, false) AS near
FROM (SELECT i.n, i.id, nearest(i.g, i.d, false) AS a, nearest(i.g, i.d, true) AS b FROM inc i) x;
SQL
psql -c "\\copy (SELECT id, seg, d, c_seg, c_d, near FROM res ORDER BY n) TO '$out' (FORMAT csv, HEADER true)"

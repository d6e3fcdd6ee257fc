#!/usr/bin/env python3
"""Writes the bad-input catalogue (tests/bad/*). Each file breaks one thing; tests/bad_inputs.rs
runs the real binary on each and checks exit code, message and that no output was written.
Rerun after editing: python3 tests/bad/make.py (the files are committed; this only documents
how the byte-level ones - BOM, CRLF, non-UTF-8, 1e400 - were made)."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def seg(i, coords, history=None, **props):
    p = {"id": i, "name": "Segment " + i, "sector": "Test",
         "history": history or [{"from": "2002-12-23", "status": "contested", "source": "test"},
                                {"from": "2024-12-04", "status": "settled", "source": "test"}]}
    p.update(props)
    return {"type": "Feature", "id": i, "properties": p,
            "geometry": {"type": "LineString", "coordinates": coords}}


def frontier(features):
    return {"type": "FeatureCollection",
            "frontier": {"name": "Test", "countries": [{"name": "Kyrgyzstan", "code": "KG"},
                                                        {"name": "Tajikistan", "code": "TJ"}]},
            "features": features}


A = [[70.0, 40.0], [70.1, 40.1]]
B = [[70.1, 40.1], [70.2, 40.1]]


def good_frontier():
    return frontier([seg("a", A), seg("b", B)])


def dumps(v):
    return json.dumps(v, indent=1, ensure_ascii=False) + "\n"


# --- frontier files (summary --border) ---
text = dumps(good_frontier())
write("frontier-truncated.geojson", text[: len(text) // 2])
write("frontier-empty.geojson", b"")
write("frontier-whitespace-only.geojson", b"  \n\n")
write("frontier-not-json.geojson", "id,name\na,A\n")
write("frontier-array-root.geojson", dumps([seg("a", A)]))
write("frontier-feature-root.geojson", dumps(seg("a", A)))
write("frontier-no-features.geojson", dumps(frontier([])))
f = good_frontier(); f["features"][1]["geometry"] = {"type": "Polygon", "coordinates": [[[70, 40], [70.1, 40], [70.1, 40.1], [70, 40]]]}
write("frontier-polygon.geojson", dumps(f))
f = good_frontier(); f["features"][1]["geometry"] = {"type": "Point", "coordinates": [70.1, 40.1]}
write("frontier-point.geojson", dumps(f))
f = good_frontier(); f["features"][1]["geometry"]["coordinates"] = [[70.1, 40.1]]
write("frontier-one-vertex.geojson", dumps(f))
f = good_frontier(); f["features"][1]["geometry"] = None
write("frontier-null-geometry.geojson", dumps(f))
write("frontier-nan.geojson", text.replace("70.2", "NaN", 1))
write("frontier-infinity.geojson", text.replace("70.2", "Infinity", 1))
write("frontier-1e400.geojson", text.replace("70.2", "1e400", 1))
# Positions written [lat, lon]: Ulaanbaatar's 47.9 N 106.9 E as [47.9, 106.9].
f = good_frontier(); f["features"][1]["geometry"]["coordinates"] = [[47.9, 106.9], [47.95, 106.95]]
write("frontier-lat-lon-swapped.geojson", dumps(f))
f = good_frontier(); f["features"][1]["geometry"]["coordinates"] = [["70.1", "40.1"], ["70.2", "40.1"]]
write("frontier-string-coordinates.geojson", dumps(f))
write("frontier-duplicate-ids.geojson", dumps(frontier([seg("a", A), seg("a", B)])))
f = good_frontier(); f["features"][1]["properties"]["history"][0]["status"] = "disputed"
write("frontier-unknown-status.geojson", dumps(f))
f = good_frontier(); f["features"][1]["properties"]["history"][1]["from"] = "2022-02-30"
write("frontier-invalid-date.geojson", dumps(f))
f = good_frontier(); f["features"][1]["properties"].update(valid_from="2025-03-31", valid_to="2020-01-01")
write("frontier-valid-to-before-valid-from.geojson", dumps(f))
write("frontier-duplicate-key.geojson", text.replace('"sector": "Test"', '"sector": "Test", "sector": "Other"', 1))
f = good_frontier(); f["features"][1]["properties"]["history"].reverse()
write("frontier-history-out-of-order.geojson", dumps(f))
# A change dated to a window whose end is not after its start, and a window on the first entry.
f = good_frontier(); f["features"][1]["properties"]["history"][1].update({"from": "2021-05-01", "by": "2021-04-01"})
write("frontier-window-backwards.geojson", dumps(f))
f = good_frontier(); f["features"][1]["properties"]["history"][0]["by"] = "2003-01-01"
write("frontier-window-first-entry.geojson", dumps(f))
f = good_frontier(); del f["features"][1]["properties"]["history"]
write("frontier-missing-history.geojson", dumps(f))
write("frontier-non-utf8.geojson", text.replace("Segment b", "Segment \udcff", 1).encode("utf-8", "surrogateescape"))
write("frontier-deep-nesting.geojson", '{"type":"FeatureCollection","features":' + "[" * 100000 + "]" * 100000 + "}")
# Messy but valid: a byte-order mark and CRLF line ends load as if they were not there.
write("frontier-bom-crlf.geojson", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())

# --- settlements (settlements --settlements) ---
def place(name, coords, **props):
    p = {"name": name, "country": "KG", "precision": 1}
    p.update(props)
    return {"type": "Feature", "properties": p, "geometry": {"type": "Point", "coordinates": coords}}


def places(features):
    return {"type": "FeatureCollection", "features": features}


write("settlements-linestring.geojson", dumps(places([place("Kok-Tash", [70.5358, 39.9497]),
    {"type": "Feature", "properties": {"name": "Road"}, "geometry": {"type": "LineString", "coordinates": A}}])))
p = place("Kok-Tash", [70.5358, 39.9497]); del p["properties"]["name"]
write("settlements-no-name.geojson", dumps(places([place("Chorku", [70.53, 40.05]), p])))
write("settlements-bad-precision.geojson", dumps(places([place("Kok-Tash", [70.5358, 39.9497], precision="roughly")])))
write("settlements-not-json.geojson", "name,lat,lon\nKok-Tash,39.9497,70.5358\n")
write("settlements-latitude-out-of-range.geojson", dumps(places([place("Kok-Tash", [70.5358, 139.9497])])))

# --- incidents as GeoJSON (incidents --incidents) ---
def point(i, coords, date="2022-09-16", geometry="Point"):
    return {"type": "Feature", "id": i, "properties": {"date": date, "fatalities": 1},
            "geometry": {"type": geometry, "coordinates": coords}}


write("incidents-polygon.geojson", dumps(places([point("p1", [70.5358, 39.9497]),
    point("p2", [[[70, 40], [70.1, 40], [70.1, 40.1], [70, 40]]], geometry="Polygon")])))
write("incidents-bad-date.geojson", dumps(places([point("p1", [70.5358, 39.9497]), point("p2", [70.5, 39.9], date="16/09/2022")])))
write("incidents-null-coordinates.geojson", dumps(places([point("p1", [70.5358, 39.9497]), point("p2", [None, None])])))
write("incidents-not-a-collection.geojson", dumps(point("p1", [70.5358, 39.9497])))
t = dumps(places([point("p1", [70.5358, 39.9497]), point("p2", [70.5, 39.9])]))
write("incidents-truncated.geojson", t[: len(t) - 40])
# Duplicate keys: serde_json kept the last, the streaming reader the first; now both refuse.
write("incidents-two-features-arrays.geojson", t.rstrip().rstrip("}") + ', "features": []}\n')
write("incidents-whole-float-fatalities.geojson", t.replace('"fatalities": 1', '"fatalities": 3.0', 1))

# --- ACLED CSV ---
H = "event_id_cnty,event_date,year,event_type,country,location,latitude,longitude,fatalities,notes\n"
R1 = 'KGZ1,2022-09-16,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,3,"ok row"\n'
R3 = 'KGZ3,2022-09-17,2022,Battles,Kyrgyzstan,Maksat,40.1397,69.7142,0,"ok row"\n'


def acled(bad):
    return H + R1 + bad + R3


write("acled-truncated-quote.csv", H + R1 + 'KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,"cut off in the mid')
write("acled-na-coordinates.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,N/A,N/A,1,x\n"))
write("acled-empty-latitude.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,,70.5,1,x\n"))
write("acled-nan.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,NaN,70.5,1,x\n"))
write("acled-infinity.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,inf,1,x\n"))
write("acled-1e400.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,1e400,70.5,1,x\n"))
write("acled-latitude-out-of-range.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,399.5,70.5,1,x\n"))
write("acled-bad-date.csv", acled("KGZ2,16/09/2022,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,x\n"))
write("acled-date-with-junk.csv", acled("KGZ2,2022-09-16 junk,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,x\n"))
write("acled-no-such-day.csv", acled("KGZ2,31 September 2022,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,x\n"))
write("acled-negative-fatalities.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,-4,x\n"))
write("acled-extra-field.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,x,surplus\n"))
write("acled-short-row.csv", acled("KGZ2,2022-09-16,2022,Battles\n"))
write("acled-non-utf8-id.csv", (H + R1).encode() + b"KGZ\xff2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,x\n" + R3.encode())
write("acled-empty.csv", b"")
write("acled-missing-latitude-column.csv", H.replace("latitude,", "lat_wgs84,") + R1)
write("acled-duplicate-latitude-column.csv", H.replace("fatalities", "latitude") + R1)
write("acled-gzip.csv", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(0, 256)))
# Messy but valid or warned about, never an error:
write("acled-swapped.csv", H + "".join(
    f"KGZ{i},2022-09-16,2022,Battles,Kyrgyzstan,X,{70.0 + i / 100:.2f},{40.0 + i / 200:.3f},0,x\n" for i in range(5)))
write("acled-bom-crlf-quoted-newline.csv", b"\xef\xbb\xbf" + (H + R1 + 'KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,"two\nlines"\n' + R3).replace("\n", "\r\n").encode())
# Read in full since the block reader follows the csv crate exactly (they lost rows before):
write("acled-lone-cr.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,N/A,70.5,1,x\n").replace("\n", "\r"))
write("acled-bare-cr-in-field.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,two\rparts\n"))
write("acled-stray-quote.csv", acled("KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,5'11\" tall\n"))
write("acled-blank-lines-before-header.csv", ("\n\n" + acled("KGZ2,16/09/2022,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,x\n")).replace("\n", "\r\n"))
# Refused, with the reason (they ended with exit 0 and rows silently lost before):
R3PLAIN = R3.replace('"ok row"', "ok row")
write("acled-unclosed-quote-mid-file.csv", H + R1 + 'KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,"never closed\n'
      + "".join(R3PLAIN.replace("KGZ3", f"KGZ{i}") for i in range(3, 11)))
write("acled-header-unclosed-quote.csv", H.replace("event_date", '"event_date', 1) + R1.replace('"ok row"', "ok row") + R3PLAIN)
write("acled-header-stray-quote.csv", H.replace("event_date", '"event_date', 1) + R1 + R3)
# Read as the csv crate reads it, with a warning: the stray quote's field runs on into the next
# line (which looks like a row of its own) and closes at the quote there.
write("acled-stray-quote-joins-rows.csv", H + R1 + 'KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,"stray\n' + R3 + R3.replace("KGZ3", "KGZ4"))
# Read, with a note: days above 12 show the dates are day first.
write("acled-dates-rewritten-by-excel.csv", H + "".join(
    f"KGZ{i},{16 + i}/09/2022,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,1,x\n" for i in range(3)))
# Every date reads either way (no day above 12): the order cannot be found.
write("acled-dates-ambiguous.csv", H + "".join(
    f"KGZ{i},0{3 + i}/04/2022,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,1,x\n" for i in range(3)))
# Day first on one line, month first on another: an edited file mixing two locales.
write("acled-dates-mixed-order.csv", H + "KGZ1,16/09/2022,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,1,x\n"
      + "KGZ2,01/02/2022,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,0,x\n"
      + "KGZ3,9/17/2022,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,0,x\n")
# A precision code outside ACLED's codebook (1-3).
HP = H.replace("fatalities,notes", "fatalities,geo_precision,notes")
write("acled-bad-geo-precision.csv", HP + R1.replace(',3,"ok row"', ',3,1,"ok row"')
      + "KGZ2,2022-09-16,2022,Battles,Kyrgyzstan,Ak-Sai,39.95,70.5,1,4,x\n" + R3.replace(',0,"ok row"', ',0,3,"ok row"'))
cols = [f"extra_{i}" for i in range(20000)]
write("acled-many-columns.csv", H.strip() + "," + ",".join(cols) + "\n" + R1.strip() + "," + ",".join("" for _ in cols) + "\n")

# --- UCDP GED CSV ---
UH = "id,relid,year,side_a,side_b,where_description,latitude,longitude,date_start,date_end,best,high,low\n"
U1 = "900001,T-1,2022,A,B,Golovnoi,39.945,70.52,2022-09-16 00:00:00.000,2022-09-16 00:00:00.000,3,4,3\n"
write("ucdp-bad-date.csv", UH + U1 + "900002,T-2,2022,A,B,Maksat,40.1397,69.7142,2022-13-01 00:00:00.000,2022-13-01,0,0,0\n")
write("ucdp-text-fatalities.csv", UH + U1 + "900002,T-2,2022,A,B,Maksat,40.1397,69.7142,2022-09-16,2022-09-16,many,0,0\n")

write("ucdp-end-before-start.csv", UH + U1 + "900002,T-2,2022,A,B,Maksat,40.1397,69.7142,2022-09-16,2022-09-10,0,0,0\n")

# --- any other CSV ---
write("generic-unknown-header.csv", "Ref,When,Y,X\nA-1,2022-09-16,39.9497,70.5358\n")
write("generic-semicolons.csv", "Ref;When;Y;X\nA-1;2022-09-16;39,9497;70,5358\n")

# --- import (TopoJSON / GeoJSON countries) ---
topo = {"type": "Topology", "objects": {"countries": {"type": "GeometryCollection", "geometries": [
    {"type": "Polygon", "properties": {"name": "Alpha"}, "arcs": [[0, 7]]},
    {"type": "Polygon", "properties": {"name": "Beta"}, "arcs": [[-1]]}]}},
    "arcs": [[[70.0, 40.0], [70.1, 40.1], [70.0, 40.0]]]}
write("import-bad-arc-index.topojson", json.dumps(topo))
topo0 = dict(topo, transform={"scale": [0, 0.001], "translate": [70, 40]})
topo0["objects"]["countries"]["geometries"][0]["arcs"] = [[0]]
write("import-zero-scale.topojson", json.dumps(topo0))
write("import-not-topology.topojson", json.dumps({"type": "Topology", "arcs": []}))
write("import-no-such-country.geojson", dumps(places([
    {"type": "Feature", "properties": {"name": "Alpha"}, "geometry": {"type": "Polygon", "coordinates": [[[70, 40], [71, 40], [71, 41], [70, 40]]]}}])))
write("import-points-not-polygons.geojson", dumps(places([
    {"type": "Feature", "properties": {"name": "Alpha"}, "geometry": {"type": "Point", "coordinates": [70, 40]}},
    {"type": "Feature", "properties": {"name": "Beta"}, "geometry": {"type": "Point", "coordinates": [71, 40]}}])))

# --- JSON records ---
# An API that answered with an error instead of events.
write("incidents-api-error.json", '{"status": 403, "success": false, "error": [{"status": 403, "message": "Access denied"}]}\n')
# Records under a member whose name is not a known container.
write("incidents-unknown-container.json", '{"events": [{"event_date": "2022-09-16", "latitude": 39.95, "longitude": 70.53}]}\n')
# A record after a whole collection: two documents in one file.
write("incidents-record-after-collection.json", '{"type": "FeatureCollection", "features": []}\n{"event_date": "2022-09-16", "latitude": 39.95, "longitude": 70.53}\n')

"""The frontier, summary and timeline against the command line, and custom frontiers."""

import io

import pandas as pd
import pytest

import borderscope as bs
from conftest import run_cli


def _same(got: pd.DataFrame, cli_text: str) -> None:
    want = pd.read_csv(io.StringIO(cli_text), keep_default_na=False, na_values=[""])
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for c in got.columns:
        a, b = got[c], want[c]
        if b.dtype.kind in "fi":
            assert ((a.astype(float) - b.astype(float)).abs().fillna(0) == 0).all(), c
        else:
            def text(x):
                return x.astype(object).where(x.notna(), "").astype(str)
            assert (text(a) == text(b)).all(), c


def test_summary_and_timeline_are_the_command_lines(cli):
    text = run_cli(cli, "summary", "--as-of", "2022-09-16", "--format", "csv")
    assert bs._native.summary("2022-09-16", None, False) == text
    got = bs.summary("2022-09-16")
    _same(got, text)
    assert "contested_share_min" in got.columns and "contested_share_max" in got.columns
    whole = got[got.sector == "(all)"].iloc[0]
    assert whole.contested_share_min <= whole.contested_share <= whole.contested_share_max
    tl = bs.timeline()
    _same(tl, run_cli(cli, "summary", "--timeline", "--format", "csv"))
    # 31 March 2025, the treaty in force: nothing contested after it.
    last = tl.iloc[-1]
    assert str(last.date) >= "2025-03-31" and last.contested_km == 0


def test_frontier_is_a_geodataframe_that_loads_back(tmp_path):
    gpd = pytest.importorskip("geopandas")
    f = bs.frontier("2022-09-16")
    assert isinstance(f, gpd.GeoDataFrame) and f.crs.to_epsg() == 4326
    assert len(f) == 28 and set(f.status) == {"contested", "settled"}
    assert {"certainty", "history", "window_from"} <= set(f.columns)
    assert all(h[0]["from"] for h in f.history)
    # Handed back as the frontier (border=GeoDataFrame), and as the GeoJSON GeoPandas writes
    # of it: the same summary as the embedded frontier's.
    want = bs.summary("2022-09-16")
    assert (bs.summary("2022-09-16", border=f).astype(str).values == want.astype(str).values).all()
    path = tmp_path / "border.geojson"
    path.write_text(f.to_json(drop_id=True))
    assert (bs.summary("2022-09-16", border=path).astype(str).values == want.astype(str).values).all()
    # A frontier of another CRS is brought to lon/lat first.
    moved = bs.summary("2022-09-16", border=f.to_crs(32642))
    assert abs(moved.total_km.iloc[-1] - want.total_km.iloc[-1]) < 0.01


def test_near_and_settlements_are_the_command_lines(cli):
    got = bs.near(39.9497, 70.5358, as_of="2022-09-14", radius_km=1)
    _same(got, run_cli(cli, "near", "39.9497", "70.5358", "--as-of", "2022-09-14",
                       "--radius", "1", "--format", "csv"))
    # Kok-Tash: GeographicLib brute-force minimisation gives 2184.225437 m to the line.
    assert got.loc[got.kind == "segment", "distance_m"].item() == 2184.225
    s = bs.settlements(5, status="contested", as_of="2022-09-16")
    _same(s, run_cli(cli, "settlements", "--within", "5", "--status", "contested",
                     "--as-of", "2022-09-16", "--format", "csv"))
    assert "Kok-Tash" in set(s.name)
    with pytest.raises(bs.ArgumentError, match="status"):
        bs.settlements(status="maybe")


def test_a_gazetteer_from_a_geodataframe(cli):
    gpd = pytest.importorskip("geopandas")
    from conftest import ROOT

    g = gpd.read_file(ROOT / "data" / "settlements.geojson")
    want = bs.settlements(5, status="contested", as_of="2022-09-16")
    got = bs.settlements(5, status="contested", as_of="2022-09-16", settlements=g)
    assert list(got.name) == list(want.name) and len(got) > 5
    # A gazetteer of three places gives at most those three.
    few = bs.settlements(50, as_of="2022-09-16", settlements=g[g.name.isin(["Vorukh", "Kok-Tash", "Ak-Say"])])
    assert set(few.name) <= {"Vorukh", "Kok-Tash", "Ak-Say"} and len(few) >= 1

"""``assess`` and ``assess_csv`` against the command line, on the same 10,000 incidents:
the same bytes through every input route, the same values in the DataFrame."""

import io
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import borderscope as bs
from conftest import run_cli


@pytest.fixture(scope="module")
def cli_csv(cli, incidents_10k):
    return run_cli(cli, "incidents", "--incidents", str(incidents_10k), "--format", "csv")


def _pandas(path):
    # As an analyst reads it; the dates left as text (pandas would make them timestamps).
    return pd.read_csv(path, dtype={"event_date": str})


def _arrow(path):
    opts = pacsv.ConvertOptions(column_types={"event_date": pa.string()})
    return pacsv.read_csv(path, convert_options=opts)


def test_csv_is_the_command_lines_byte_for_byte_from_every_route(cli_csv, incidents_10k):
    assert cli_csv.count("\n") == 10_001  # the header and every row: none skipped
    assert bs.assess_csv(incidents_10k) == cli_csv
    assert bs.assess_csv(str(incidents_10k)) == cli_csv
    assert bs.assess_csv(_pandas(incidents_10k)) == cli_csv
    assert bs.assess_csv(_arrow(incidents_10k)) == cli_csv
    assert bs.assess_csv(_arrow(incidents_10k).to_batches()[0].slice(0, 5)) != cli_csv


def test_keep_carries_the_input_columns_as_the_cli_does(cli, incidents_10k):
    want = run_cli(cli, "incidents", "--incidents", str(incidents_10k), "--format", "csv",
                   "--keep", "admin1,fatalities,notes")
    got = bs.assess_csv(incidents_10k, keep=["admin1", "fatalities", "notes"])
    assert got == want
    # In the file's order; `fatalities` renamed, the result has one.
    assert want.splitlines()[0].endswith(",admin1,notes,input_fatalities")


def _expected(cli_csv):
    return pd.read_csv(io.StringIO(cli_csv), keep_default_na=False, na_values=[""],
                       dtype={"id": str, "segment_id": str, "contested_segment_id": str,
                              "settlement": str, "verdict_reason": str})


@pytest.mark.parametrize("route", ["pandas", "arrow", "path"])
def test_the_dataframe_holds_the_cli_values_and_the_input_columns(route, cli_csv, incidents_10k):
    data = {"pandas": _pandas, "arrow": _arrow, "path": lambda p: p}[route](incidents_10k)
    got = bs.assess(data)
    if route == "arrow":
        assert isinstance(got, pa.Table)
        got = got.to_pandas()
    want = _expected(cli_csv)
    assert list(got.columns[: len(bs.RESULT_COLUMNS)]) == bs.RESULT_COLUMNS == list(want.columns)
    assert len(got) == len(want) == 10_000
    for col in bs.RESULT_COLUMNS:
        a, b = got[col], want[col]
        if col in ("date", "date_first", "date_last"):
            a = pd.to_datetime(a).dt.strftime("%Y-%m-%d")
        if col == "near_contested":
            b = b.astype(bool)
        if a.dtype.kind == "f" or b.dtype.kind == "f":
            # The CSV prints metres to the millimetre; the table holds those same figures.
            assert ((a.astype(float) - b.astype(float)).abs().fillna(0) == 0).all(), col
        else:
            assert (a.astype(str).fillna("") == b.astype(str).fillna("")).all(), col
    # Then the input's 31 columns, named as --keep names them.
    assert "input_fatalities" in got.columns and "event_id_cnty" in got.columns
    assert (got["event_id_cnty"].astype(str) == got["id"].astype(str)).all()
    if route == "pandas":
        assert got["year"].dtype == _pandas(incidents_10k)["year"].dtype  # types kept


def test_a_geodataframe_of_points_is_read_by_its_geometry(cli_csv, incidents_10k):
    gpd = pytest.importorskip("geopandas")
    df = _pandas(incidents_10k)
    g = gpd.GeoDataFrame(df.drop(columns=["latitude", "longitude"]),
                         geometry=gpd.points_from_xy(df.longitude, df.latitude), crs=4326)
    assert bs.assess_csv(g) == cli_csv
    # In another CRS it is brought to lon/lat first (to the nanometre, not the bit: compare
    # the places, not the bytes).
    moved = bs.assess(g.to_crs(3857))
    assert (moved["segment_id"].astype(str) == _expected(cli_csv)["segment_id"]).all()


def test_bad_rows_warn_raise_or_pass(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("id,date,latitude,longitude\na,2022-09-16,39.95,70.53\nb,2022-13-01,39.9,70.6\n")
    with pytest.warns(UserWarning, match=r"skipped 1 bad record.*line 3.*`date`"):
        got = bs.assess(path)
    assert list(got["id"]) == ["a"] and got.attrs["skipped"] == 1
    with pytest.raises(bs.InputError) as e:
        bs.assess(path, on_bad_rows="raise")
    assert (e.value.file, e.value.place, e.value.field) == (str(path), "line 3", "date")
    assert "not a day of the calendar" in e.value.problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(bs.assess(path, on_bad_rows="skip")) == 1


def test_refusals_are_exceptions_that_say_where(tmp_path):
    path = tmp_path / "nodate.csv"
    path.write_text("id,when,latitude,longitude\na,2022-09-16,39.95,70.53\n")
    with pytest.raises(bs.InputError, match="date") as e:
        bs.assess(path)
    assert e.value.file == str(path) and e.value.field == "(header)"
    assert isinstance(e.value, bs.BorderscopeError)
    with pytest.raises(bs.InputError, match="cannot read"):
        bs.assess(tmp_path / "missing.csv")
    with pytest.raises(bs.ArgumentError, match="as_of"):
        bs.assess(path, date="when", as_of="2022-02-30")
    with pytest.raises(ValueError):  # ArgumentError is a ValueError too
        bs.assess(path, date="when", within_km=-1)
    with pytest.raises(bs.ArgumentError, match="not incidents"):
        bs.assess(42)
    bad = pd.DataFrame({"date": ["2022-09-16"], "latitude": [95.0], "longitude": [70.5]})
    with pytest.raises(bs.InputError, match="outside -90..90") as e:
        bs.assess(bad, on_bad_rows="raise")
    assert e.value.field == "properties.latitude"

"""Fixtures: the command-line binary (the reference the API must equal) and generated
incidents. ``BORDERSCOPE_BIN`` names the binary and ``BORDERSCOPE_GEN`` the generator;
otherwise both are built with cargo from this repository (release, with Parquet)."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _built(name: str, env: str, kind: str) -> pathlib.Path:
    given = os.environ.get(env)
    if given:
        return pathlib.Path(given)
    args = ["cargo", "build", "--release", "-q", "--features", "parquet"]
    args += ["--bin", name] if kind == "bin" else ["--example", name]
    subprocess.run(args, cwd=ROOT, check=True)
    sub = "" if kind == "bin" else "examples"
    return ROOT / "target" / "release" / sub / name


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    return _built("borderscope", "BORDERSCOPE_BIN", "bin")


@pytest.fixture(scope="session")
def incidents_10k(tmp_path_factory, cli) -> pathlib.Path:
    """10,000 generated ACLED-shaped incidents (examples/gen_incidents), as a CSV file."""
    gen = _built("gen_incidents", "BORDERSCOPE_GEN", "example")
    path = tmp_path_factory.mktemp("gen") / "incidents.csv"
    with open(path, "wb") as f:
        subprocess.run([str(gen), "10000"], stdout=f, check=True)
    return path


def run_cli(cli, *args: str) -> str:
    """The command line's standard output, checked to succeed."""
    r = subprocess.run([str(cli), *args], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout

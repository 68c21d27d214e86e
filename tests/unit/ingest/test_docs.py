from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import pytest

from chalicelib.ingest import docs
from devstack.demodata import generate

ROOT = Path(__file__).parents[3]


@pytest.fixture
def at_root():
    previous = Path.cwd()
    os.chdir(ROOT)
    yield
    os.chdir(previous)


def test_committed_readme_matches_the_schemas(at_root):
    assert (ROOT / "docs/ingest/README.md").read_text("utf-8") == docs.render(), (
        "regenerate: python -m chalicelib.ingest.docs > docs/ingest/README.md"
    )


def test_committed_samples_are_what_the_generator_makes(tmp_path):
    generate(tmp_path, providers=3, invoices_per_provider=6, seed=7, today=date(2024, 12, 31))
    assert docs.SAMPLE_ARGS.startswith("--providers 3 --invoices-per-provider 6 --seed 7 --today 2024-12-31")
    for sample in (ROOT / "docs/ingest/samples").glob("*.csv"):
        assert sample.read_bytes() == (tmp_path / sample.name).read_bytes(), sample.name
        assert len(list(csv.reader(sample.open(encoding="utf-8")))) > 1

"""The guard against the library: generated package variants (part names and their case, relationships, content
types, repeated entries, shared-string counts, dimension tags, decoy parts) are either refused in Spanish by the
guard, or the sheet python-calamine reads from the reader's package is no larger than the area the guard
measured, and the reader's second wall (the capped child) never has to stop a parse.

The variants run in one child interpreter whose address space is capped: a guard that lets a far cell through
makes the library abort that child, and the test fails naming the variant, instead of taking pytest down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from chalicelib.spreadsheets import FileRejected
from chalicelib.spreadsheets.isolated import ABORTED, sheet_records
from chalicelib.spreadsheets.reader import cell_text
from tests import hostile_xlsx

VARIANTS = 400

CHILD = r"""
import io, json, random, re, resource, sys
from python_calamine import CalamineWorkbook
from chalicelib.ingest.service import columns_of
from chalicelib.spreadsheets import FileRejected, SheetLimits, read_rows
from chalicelib.spreadsheets.isolated import ABORTED
from chalicelib.spreadsheets.rebuilt import rebuilt_package
from chalicelib.spreadsheets.xlsx_guard import inspect_xlsx
from tests.unit.test_spreadsheet_package_fuzz import variant

resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
limits = SheetLimits(max_rows=10_000)
outcomes = {"refused": 0, "read": 0, "reasons": set()}
for seed in range(int(sys.argv[1])):
    data, steps = variant(seed)
    print(json.dumps({"seed": seed, "steps": steps}), flush=True)  # the last line names the variant that killed us
    try:
        shape = inspect_xlsx(io.BytesIO(data), limits)
    except FileRejected as exc:
        assert str(exc)[:1].isupper() and ABORTED not in str(exc), (seed, steps, str(exc))
        outcomes["refused"] += 1
        outcomes["reasons"].add(re.sub(r"[\"'(].*", "", str(exc))[:60])
        continue
    with rebuilt_package(io.BytesIO(data), shape) as path:
        try:
            sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        except Exception:  # a damaged file, read no further: bounded too
            sheet = None
        if sheet is not None and sheet.end is not None:
            last_row, last_column = sheet.end[0] + 1, sheet.end[1] + 1
            assert last_row <= shape.last_row and last_column <= shape.last_column, (seed, steps, sheet.end, shape)
    try:
        rows = sum(1 for _ in read_rows(io.BytesIO(data), "fuzz.xlsx", columns_of("invoices"), limits))
        assert rows <= shape.last_row, (seed, steps, rows, shape)
    except FileRejected as exc:
        assert ABORTED not in str(exc), (seed, steps)
    outcomes["read"] += 1
outcomes["reasons"] = sorted(outcomes["reasons"])
print(json.dumps(outcomes))
"""

MAIN = hostile_xlsx.MAIN
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TARGETS = ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", "../xl/worksheets/sheet1.xml",
                 "WORKSHEETS/SHEET1.XML", "worksheets/%73heet1.xml", "worksheets\\sheet1.xml", "../../sheet1.xml",
                 "http://example.com/sheet1.xml", "file:///xl/worksheets/sheet1.xml", "worksheets/sheet2.xml",
                 "./worksheets/./sheet1.xml", "//evil/sheet1.xml", "")
WORKBOOK_TARGETS = ("xl/workbook.xml", "/xl/workbook.xml", "XL/WORKBOOK.XML", "y/workbook.xml", "../xl/workbook.xml",
                    "https://example.com/workbook.xml", "xl/../xl/workbook.xml")
DECOY_NAMES = ("xl/worksheets/Sheet1.xml", "XL/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
               "y/worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml",
               "xl/worksheets/./sheet1.xml", "xl/worksheets/sheet1.xml", "xl/SharedStrings.xml",
               "xl/sharedstrings.xml", "xl/Workbook.xml", "xl/_rels/Workbook.xml.rels")
COUNTS = ("4000000000", "  5", "-1", "1e9", "99999999999", "3", "0x10", "")
DIMENSIONS = ("A1:XFD1048576", "A1:B2", "garbage", "A1:G3\"/><dimension ref=\"A1:XFD1048576", "XFD1048576", "")


def _base() -> dict[str, bytes]:
    from tests.unit.test_hostile_spreadsheets import workbook

    return hostile_xlsx.parts_of(workbook(rows=3))


def _sheet_relationship(target: str, mode: str = "") -> bytes:
    extra = f' TargetMode="{mode}"' if mode else ""
    return (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="{target}"{extra}/>'
            f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>").encode()


def variant(seed: int) -> tuple[bytes, list[str]]:
    """A package built from an honest workbook by one to four random changes, and the changes' names."""
    import random

    rng = random.Random(seed)
    parts: list[tuple[str, bytes]] = list(_base().items())
    steps: list[str] = []

    def change(name: str, edit) -> None:
        for index, (part, data) in enumerate(parts):
            if part == name:
                parts[index] = (part, edit(data))

    def rename(name: str, new: str) -> None:
        for index, (part, data) in enumerate(parts):
            if part == name:
                parts[index] = (new, data)

    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(10)
        if kind == 0:
            name = rng.choice(DECOY_NAMES)
            decoy = hostile_xlsx.HUGE_STRINGS if "trings" in name else hostile_xlsx.FAR_SHEET
            parts.insert(rng.randrange(len(parts) + 1), (name, decoy))
            steps.append(f"decoy {name}")
        elif kind == 1:
            target, mode = rng.choice(SHEET_TARGETS), rng.choice(("", "", "External"))
            change("xl/_rels/workbook.xml.rels", lambda _, t=target, m=mode: _sheet_relationship(t, m))
            steps.append(f"sheet target {target!r} {mode}")
        elif kind == 2:
            target = rng.choice(WORKBOOK_TARGETS)
            change("_rels/.rels", lambda data, t=target: data.replace(b'Target="xl/workbook.xml"',
                                                                      f'Target="{t}"'.encode()))
            if target.startswith("y/") and "xl/workbook.xml" in dict(parts):
                parts.append(("y/workbook.xml", dict(parts)["xl/workbook.xml"]))
                parts.append(("y/_rels/workbook.xml.rels", _sheet_relationship("worksheets/sheet1.xml")))
                parts.append(("y/worksheets/sheet1.xml", hostile_xlsx.FAR_SHEET))
            steps.append(f"workbook target {target!r}")
        elif kind == 3:
            name = rng.choice([p for p, _ in parts])
            new = "".join(c.upper() if rng.random() < 0.5 else c for c in name)
            rename(name, new)
            steps.append(f"rename {name} -> {new}")
        elif kind == 4:
            name, data = rng.choice(parts)
            parts.insert(rng.randrange(len(parts) + 1), (name, hostile_xlsx.FAR_SHEET if "sheet" in name else data))
            steps.append(f"repeat {name}")
        elif kind == 5:
            name = rng.choice(("[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
                               "xl/sharedStrings.xml", "xl/styles.xml"))
            parts[:] = [(p, d) for p, d in parts if p != name]
            steps.append(f"drop {name}")
        elif kind == 6:
            change("[Content_Types].xml", lambda data: data.replace(b"worksheet+xml", b"chartsheet+xml"))
            steps.append("content type of the sheet changed")
        elif kind == 7:
            count = rng.choice(COUNTS)
            change("xl/sharedStrings.xml", lambda data, c=count: data.replace(
                b'uniqueCount="', f'uniqueCount="{c}'.encode(), 1) if c else data)
            steps.append(f"uniqueCount prefixed {count!r}")
        elif kind == 8:
            dimension = rng.choice(DIMENSIONS)
            change("xl/worksheets/sheet1.xml", lambda data, d=dimension: data.replace(
                b"<sheetData", f'<dimension ref="{d}"/><sheetData'.encode(), 1))
            steps.append(f"dimension {dimension!r}")
        else:
            change("xl/workbook.xml", lambda data: data.replace(b"<sheet ", b'<sheet state="hidden" ', 1))
            steps.append("first sheet hidden")
    return hostile_xlsx.package(parts), steps


def test_every_package_variant_is_refused_in_spanish_or_read_within_the_guard_s_bounds():
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", CHILD, str(VARIANTS)], cwd=root, capture_output=True, text=True,
                          timeout=300, check=False)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, f"variant {last}: {done.stderr[-3000:]}"
    outcome = json.loads(last)
    assert outcome["refused"] > VARIANTS // 4 and outcome["read"] > VARIANTS // 10, outcome  # both sides exercised


def test_an_allocation_the_guard_did_not_foresee_ends_only_the_parse(tmp_path):
    """The second wall alone: a far cell handed straight to the parse, with room for a few MB only."""
    path = tmp_path / "lejana.xlsx"
    path.write_bytes(hostile_xlsx.package({**_base(), "xl/worksheets/sheet1.xml": hostile_xlsx.FAR_SHEET}))
    try:
        list(sheet_records(str(path), 16 * 1024 * 1024, cell_text))
    except FileRejected as exc:
        assert str(exc) == ABORTED
    else:
        raise AssertionError("the parse was not stopped")
    assert _no_child_left()


def test_a_parse_abandoned_early_leaves_no_child(tmp_path):
    path = tmp_path / "honesto.xlsx"
    path.write_bytes(hostile_xlsx.package(_base()))
    rows = sheet_records(str(path), 256 * 1024 * 1024, cell_text)
    assert next(rows)[0] == 1
    rows.close()
    assert _no_child_left()


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False

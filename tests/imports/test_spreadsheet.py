"""Templates (.xlsx with drop-downs and comments, .csv) and reading filled-in spreadsheets."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from tests.imports.conftest import tree_hash

from aspen_graph.config import Settings
from aspen_graph.errors import DataLoadError
from aspen_graph.pipeline.import_target import version_codes
from aspen_graph.pipeline.importer import import_rows
from aspen_graph.sources.spreadsheet import (
    ABOUT_SHEET,
    CODES_SHEET,
    TEMPLATE_ROWS,
    describe_columns,
    read_rows,
    write_template,
)
from aspen_graph.sources.tables.kinds import (
    ALIGNMENTS,
    CONSULTATION_INPUTS,
    FOCAL_AREAS,
    INTERVENTIONS,
    MILESTONES,
    TABLE_KINDS,
)

DRAFT_2 = "plan-version:example-plan-draft-2"


def validations(path: Path) -> dict[str, tuple[str, str]]:
    """Column name → (formula, cell range) of each list drop-down on the first sheet."""
    sheet = load_workbook(path).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        (cells,) = str(validation.sqref).split()
        column = header[ord(cells[0]) - ord("A")]
        found[column] = (validation.formula1, cells)
    return found


@pytest.mark.parametrize("kind", list(TABLE_KINDS))
def test_xlsx_template_documents_every_column(kind: str, tmp_path: Path) -> None:
    table = TABLE_KINDS[kind]
    path = write_template(table, tmp_path / f"{kind}.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == [kind, ABOUT_SHEET]
    sheet = workbook[kind]
    assert [cell.value for cell in sheet[1]] == list(table.columns)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    for cell, (column, description) in zip(sheet[1], table.columns.items(), strict=True):
        assert cell.comment is not None
        assert cell.comment.text.startswith(f"{column} (")
        assert description in cell.comment.text
    about = [[cell.value for cell in row] for row in workbook[ABOUT_SHEET].iter_rows(min_row=5)]
    assert about[0] == ["column", "required", "description", "allowed values"]
    assert [tuple(v or "" for v in row) for row in about[1:]] == describe_columns(table)
    assert sheet.max_row == 1  # an empty template: no data rows


def test_drop_downs_on_closed_columns(tmp_path: Path) -> None:
    last = TEMPLATE_ROWS
    alignments = write_template(ALIGNMENTS, tmp_path / "alignments.xlsx")
    assert validations(alignments) == {
        "interaction": ('"3,2,1,0,-1,-2,-3"', f"C2:C{last}"),
        "status": ('"proposed,accepted,rejected"', f"I2:I{last}"),
    }
    inputs = write_template(CONSULTATION_INPUTS, tmp_path / "consultation-inputs.xlsx")
    assert validations(inputs) == {
        "disposition": ('"received,integrated,not-integrated"', f"H2:H{last}"),
    }
    assert validations(write_template(FOCAL_AREAS, tmp_path / "focal-areas.xlsx")) == {}


def test_csv_template_is_a_header_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write_template(MILESTONES, tmp_path / "milestones.csv")
    assert (
        path.read_bytes()
        == (
            "\ufeffcode,milestone_of,due,label_en,label_vi,definition,sequence,lead_body,source\n"
        ).encode()
    )
    rows = read_rows(path)
    assert (rows.kind, rows.header, rows.records) == (MILESTONES, list(MILESTONES.columns), [])


def test_a_template_of_another_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataLoadError, match=r"a template is \.xlsx or \.csv"):
        write_template(MILESTONES, tmp_path / "milestones.ods")


def test_xlsx_cells_become_text_and_rows_keep_excel_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"  # the kind's sheet is found by name, wherever it is
    notes.append(["not data"])
    sheet = workbook.create_sheet("milestones")
    sheet.append(list(MILESTONES.columns))
    sheet.append(["M2030-1", "P2", 2030, "Ten per cent (example)", None, None, 1.0, None, "x"])
    sheet.append([])  # a blank row: skipped, but counted
    sheet.append([None, "  ", None])  # blank too
    sheet.append(["M2035-1", "P4", datetime(2035, 1, 1), "Thirty-five (example)", None, 0.5])
    sheet.cell(row=7, column=20, value=None)  # formatting far to the right
    sheet["A8"] = date(2035, 12, 31)
    sheet["B8"] = True
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    rows = read_rows(path)
    assert rows.kind is MILESTONES
    assert rows.where == f"{path} (sheet milestones)"
    assert rows.header == list(MILESTONES.columns)
    assert rows.records == [
        (2, ["M2030-1", "P2", "2030", "Ten per cent (example)", "", "", "1", "", "x"]),
        (3, []),
        (4, []),
        (5, ["M2035-1", "P4", "2035-01-01", "Thirty-five (example)", "", "0.5"]),
        (6, []),
        (7, []),
        (8, ["2035-12-31", "true"]),
    ]


def test_kind_from_the_first_sheet_or_the_flag(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.active.append(list(FOCAL_AREAS.columns))
    path = tmp_path / "my-entries.xlsx"
    workbook.save(path)
    with pytest.raises(DataLoadError, match="cannot tell the table kind"):
        read_rows(path)
    assert read_rows(path, "focal-areas").kind is FOCAL_AREAS


def test_broken_workbooks_are_clear_errors(tmp_path: Path) -> None:
    not_zip = tmp_path / "focal-areas.xlsx"
    not_zip.write_bytes(b"code,priority\n")
    with pytest.raises(DataLoadError) as caught:
        read_rows(not_zip)
    assert str(caught.value) == (
        f"{not_zip}: not an Excel workbook (.xlsx files are zip archives; this one is not)"
    )
    other_zip = tmp_path / "interventions.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(DataLoadError, match="cannot open the workbook"):
        read_rows(other_zip)
    with pytest.raises(DataLoadError, match="file not found"):
        read_rows(tmp_path / "missing.xlsx")
    latin = tmp_path / "focal-areas.csv"
    latin.write_bytes("code,label_en\nP1,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataLoadError, match="not valid UTF-8"):
        read_rows(latin)


def test_bad_xlsx_rows_are_reported_at_their_excel_row(settings: Settings, tmp_path: Path) -> None:
    path = write_template(FOCAL_AREAS, tmp_path / "focal-areas.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["focal-areas"]
    sheet["A2"], sheet["B2"], sheet["C2"] = "P5.FA1", "P5", "Haze (example)"
    sheet["F2"], sheet["H2"] = 1.5, "https://example.org/a ; document:"
    sheet["A5"], sheet["B5"], sheet["C5"] = "P5.FA2", "P0", "Fires (example)"
    sheet["H5"] = "document:example-data"
    workbook.save(path)
    result = import_rows(settings, path, DRAFT_2)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "sequence"),
        (2, "source"),
        (5, "priority"),
    ]
    assert result.problems[0].reason == "'1.5' is not a whole number from 1 up"
    # the kinds listed after it grow with the model; the start says what is wrong
    assert result.problems[1].reason.startswith("'document:' is not a CURIE of a known kind")
    assert result.problems[2].reason == (
        "no priority has code 'P0' in version example-plan-draft-2"
    )


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_xlsx_template_round_trips(settings: Settings, import_root: Path, tmp_path: Path) -> None:
    path = write_template(FOCAL_AREAS, tmp_path / "focal-areas.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["focal-areas"]
    header = [cell.value for cell in sheet[1]]
    filled = [
        {
            "code": "P5.FA1",
            "priority": "P5",
            "label_en": "Haze monitoring (example)",
            "sequence": 1,
        },
        {
            "code": "P5.FA2",
            "priority": "P5",
            "label_en": "Peatland fires (example)",
            "label_vi": "Cháy đất than bùn (ví dụ)",
            "sequence": 2.0,
            "lead_body": "awgncb",
        },
    ]
    for number, row in enumerate(filled, start=2):
        for column, value in {**row, "source": "document:example-data"}.items():
            sheet.cell(row=number, column=header.index(column) + 1, value=value)
    workbook.save(path)
    result = import_rows(settings, path, DRAFT_2)
    assert result.ok, result.problems
    assert (result.added, result.written) == (2, True)
    assert [(w.row, w.column) for w in result.warnings] == [(2, "label_vi")]
    target = import_root / "data" / "examples" / "example-plan-draft-2" / "focal-areas.csv"
    assert target.read_text(encoding="utf-8") == (
        "code,priority,label_en,label_vi,definition,sequence,lead_body,source\n"
        "P5.FA1,P5,Haze monitoring (example),,,1,,document:example-data\n"
        "P5.FA2,P5,Peatland fires (example),Cháy đất than bùn (ví dụ),,2,awgncb,"
        "document:example-data\n"
    )
    # the canonical CSV, imported anew, gives itself back byte for byte
    written = target.read_bytes()
    again = import_rows(settings, target.rename(tmp_path / "focal-areas.csv"), DRAFT_2)
    assert (again.added, again.changed, again.unchanged) == (2, 0, 0)
    assert target.read_bytes() == written


def workbook_of(path: Path, sheets: dict[str, list[dict[str, object]]]) -> Path:
    """A workbook with one sheet per kind, filled with ``rows`` under the kind's header."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind, rows in sheets.items():
        sheet = workbook.create_sheet(kind)
        columns = list(TABLE_KINDS[kind].columns)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    workbook.save(path)
    return path


def test_every_sheet_of_a_workbook_is_checked(settings: Settings, tmp_path: Path) -> None:
    path = workbook_of(
        tmp_path / "draft-2.xlsx",
        {
            "interventions": [
                {"code": "P5.FA1.I1", "focal_area": "P5.FA1", "label_en": "Sensors (example)"},
                {"code": "P5.FA1.I2", "focal_area": "P5.FA9", "label_en": "Typo (example)"},
            ],
            "focal-areas": [{"code": "P5.FA1", "priority": "P5", "label_en": "Haze"}],
        },
    )
    before = tree_hash(settings.root)
    result = import_rows(settings, path, DRAFT_2)
    # sheets in reading order (focal areas first); the intervention under the focal area of
    # the other sheet is fine, and the other's typo is found
    assert [(p.sheet, p.row, p.column, p.reason) for p in result.problems] == [
        ("focal-areas", 2, "label_en", "an example's English label ends with ' (example)'"),
        ("focal-areas", 2, "source", "is empty"),
        ("interventions", 2, "source", "is empty"),
        (
            "interventions",
            3,
            "focal_area",
            "no focal-area has code 'P5.FA9' in version example-plan-draft-2",
        ),
        ("interventions", 3, "source", "is empty"),
    ]
    assert tree_hash(settings.root) == before


@pytest.mark.slow  # SHACL over the whole build with the examples
def test_a_workbook_imports_its_sheets_together(
    settings: Settings, import_root: Path, tmp_path: Path
) -> None:
    source = {"source": "document:example-data", "label_vi": "Tiếng Việt (ví dụ)"}
    path = workbook_of(
        tmp_path / "draft-2.xlsx",
        {
            "focal-areas": [
                {**source, "code": "P5.FA1", "priority": "P5", "label_en": "Haze (example)"}
            ],
            "interventions": [
                {
                    **source,
                    "code": "P5.FA1.I1",
                    "focal_area": "P5.FA1",
                    "label_en": "Sensors (example)",
                }
            ],
            "milestones": [
                {
                    **source,
                    "code": "M2030-9",
                    "milestone_of": "P5.FA1.I1",
                    "due": 2030,
                    "label_en": "Sensors in every capital (example)",
                }
            ],
        },
    )
    result = import_rows(settings, path, DRAFT_2)
    assert result.ok, result.problems
    assert [(t.kind, t.added, t.written) for t in result.tables] == [
        ("focal-areas", 1, True),
        ("interventions", 1, True),
        ("milestones", 1, True),
    ]
    folder = import_root / "data" / "examples" / "example-plan-draft-2"
    assert (folder / "milestones.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "M2030-9,P5.FA1.I1,2030,Sensors in every capital (example),Tiếng Việt (ví dụ),,,,"
        "document:example-data"
    )
    again = import_rows(settings, path, DRAFT_2)
    assert (again.added, again.changed, again.unchanged, again.written) == (0, 0, 3, False)


def test_a_template_for_a_version_offers_its_codes(settings: Settings, tmp_path: Path) -> None:
    codes = version_codes(settings, DRAFT_2, INTERVENTIONS)
    assert codes == {
        "focal_area": ["P1.FA1", "P2.FA1", "P4.FA1"],
        "priority": ["P1", "P2", "P3", "P4", "P5"],
    }
    path = write_template(INTERVENTIONS, tmp_path / "interventions.xlsx", codes=codes)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["interventions", ABOUT_SHEET, CODES_SHEET]
    assert workbook[CODES_SHEET].sheet_state == "hidden"
    listed = [
        [cell.value for cell in column if cell.value is not None]
        for column in workbook[CODES_SHEET].iter_cols()
    ]
    assert listed == [
        ["focal_area", "P1.FA1", "P2.FA1", "P4.FA1"],
        ["priority", "P1", "P2", "P3", "P4", "P5"],
    ]
    found = {
        str(v.sqref): (v.formula1, v.errorStyle)
        for v in workbook["interventions"].data_validations.dataValidation
    }
    assert found == {
        f"B2:B{TEMPLATE_ROWS}": (f"{CODES_SHEET}!$A$2:$A$4", "warning"),
        f"C2:C{TEMPLATE_ROWS}": (f"{CODES_SHEET}!$B$2:$B$6", "warning"),
    }
    # a kind with no reference column gets no code lists
    assert version_codes(settings, DRAFT_2, ALIGNMENTS) == {}

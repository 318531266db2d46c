"""`okrsite import csv`, reading: spreadsheets shaped like real exports become valid content
files, and how column names, numbers, periods and dates are read.

The fixtures in tests/import/ are what people export: columns in another order, a UTF-8 BOM,
percent signs and thousands separators (reordered.csv); Danish headers, semicolons, decimal
commas and merged objective rows (danish.csv); Swedish headers, tabs and spaces between
thousands (swedish.tsv); one row per item with a type and a parent (items.csv). The XLSX
workbook is made in the test with openpyxl. Rows that cannot be imported, what is written and
the round trip: tests/test_import_write.py.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from okrsite.check import check
from okrsite.importer.columns import guess
from okrsite.importer.numbers import Decimal, decide, rewrite
from okrsite.importer.values import period_key, read_date
from okrsite.periods import FiscalYear, custom_period
from okrsite.yamlread import read_yaml
from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "import"


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and ".okrsite-cache" not in p.parts
    }


def front(path: Path) -> dict:  # type: ignore[type-arg]
    data = read_yaml(path.read_text(encoding="utf-8").split("---\n")[1]).value
    assert isinstance(data, dict)
    return data


def lint_codes(root: Path) -> list[str]:
    """Every diagnostic of the site; the example itself has none, so these are the import's."""
    return sorted(d.code for d in check(root).diagnostics)


def imported(site: Path, name: str, *args: str | Path) -> str:
    run = run_cli("import", "csv", FIXTURES / name, "--path", site, *args)
    assert run.exit_code == 0, run.output + run.stderr
    return run.output


# The shapes of real exports ----------------------------------------------------------------------


def test_columns_in_another_order_with_a_bom_percent_signs_and_thousands(site: Path) -> None:
    before = snapshot(site)
    out = imported(site, "reordered.csv")
    assert "Wrote 2 objectives (6 key results, 0 initiatives)" in out
    assert "The new files check clean with the site: 0 errors." in out
    # An ambiguous `8,500` is reported with both readings.
    assert (
        "note: columns 'Start' and 'Target': numbers like '8,500' (row 4) could be read two ways; read as 8500 "
        "with a decimal point (decided by the file's other numbers), not 8.5: --decimal comma reads them the "
        "other way"
    ) in out
    after = snapshot(site)
    assert {k: v for k, v in after.items() if k in before} == before, "an existing file changed"
    assert sorted(set(after) - set(before)) == [
        "content/objectives/2026-Q1/delight-our-customers.md",
        "content/objectives/2026-Q1/grow-revenue-with-partners.md",
    ]
    delight = front(site / "content/objectives/2026-Q1/delight-our-customers.md")
    assert delight["team"] == "customer-service"  # found by its name, "Customer service"
    assert delight["owner"] == "maria"  # the first row's owner; noah owns the second key result
    assert delight["parent"] == "most-loved-support"  # found by its title
    csat, response, newsletter = delight["key_results"]
    assert "owner" not in csat and response["owner"] == "noah"
    assert csat["checkins"] == [{"date": datetime(2026, 3, 20).date(), "value": "86 %", "confidence": 0.7}]
    assert newsletter["start"] == "8,500" and newsletter["target"] == "12,000"
    assert newsletter["current"] == "10,900" and newsletter["unit"] == "subscribers"
    partners = front(site / "content/objectives/2026-Q1/grow-revenue-with-partners.md")
    assert partners["parent"] == "double-annual-revenue#arr"
    arr, clinics, programme = partners["key_results"]
    assert (arr["start"], arr["target"], arr["current"]) == ("$12M", "$14M", "$13.1M")
    assert "current" not in clinics  # an empty cell is no value
    assert programme == {"title": "Launch the partner programme", "milestone": True, "progress": 0.5}
    assert lint_codes(site) == ["OKR309", "OKR309"]  # no initiatives in the file


def test_danish_headers_semicolons_decimal_commas_and_merged_rows(site: Path) -> None:
    people_before = (site / "content/people.yaml").read_bytes()
    out = imported(site, "danish.csv")
    assert "read danish.csv with semicolons between the columns" in out
    glad = front(site / "content/objectives/2026-Q1/gor-kunderne-glade.md")
    assert glad["title"] == "Gør kunderne glade" and glad["period"] == "2026-Q1"  # from "K1 2026"
    assert glad["owner"] == "maria"  # "Maria Kowalski", found by name
    assert glad["parent"] == "most-loved-support"
    csat, chat, reviews = glad["key_results"]  # rows 3 and 4 left the objective blank: merged
    assert csat["current"] == "86.5 %" and str(csat["due"]) == "2026-03-31"  # from 31.03.2026
    assert (chat["start"], chat["target"], chat["current"], chat["unit"]) == (24, 12, 15.5, "h")
    assert chat["owner"] == "noah"
    assert (reviews["start"], reviews["target"], reviews["current"]) == ("1,234.5", "2,000", "1,500")
    assert reviews["owner"] == "jens-hansen"
    nordic = front(site / "content/objectives/2026-Q1/og-omsaetningen-i-norden.md")
    assert nordic["team"] == "salg-norden"
    assert [kr["title"] for kr in nordic["key_results"]] == [
        "Ny omsætning fra nordiske klinikker",
        "Nye partnere",  # after a blank row, still the same objective
        "Lancér en dansk hjemmeside",
    ]
    assert nordic["key_results"][0]["target"] == "1,500,000"  # 1.500.000
    assert nordic["key_results"][0]["current"] == "250,000"  # 250.000, read with the column's commas
    team = (site / "content/teams/salg-norden.md").read_text()
    assert team == "---\nname: Salg Norden\nparent: quillmark\n---\n"
    people = (site / "content/people.yaml").read_bytes()
    assert people.startswith(people_before), "people.yaml was rewritten, not added to"
    assert people[len(people_before) :] == b"jens-hansen:\n  name: Jens Hansen\n"
    assert lint_codes(site) == ["OKR303", "OKR309", "OKR309"]  # one key result has no numbers


def test_swedish_headers_tabs_and_spaces_between_thousands(site: Path) -> None:
    out = imported(site, "swedish.tsv")
    assert "column 'Mål' (B) is read as the objective" in out
    grow = front(site / "content/objectives/2026-Q2/vax-pa-den-svenska-marknaden.md")
    assert grow["period"] == "2026-Q2" and grow["team"] == "sales" and grow["owner"] == "carlos"
    customers, conversion, cycle = grow["key_results"]
    assert (customers["start"], customers["target"], customers["current"]) == ("1,200", "2,000", "1,450")
    assert (conversion["start"], conversion["current"]) == ("12.5 %", "13.75 %")
    assert cycle["owner"] == "emma" and cycle["start"] == "45 d"
    assert lint_codes(site) == ["OKR307", "OKR309"]  # a team below the company, aligned to nothing


def test_one_row_per_item_with_a_type_and_a_parent(site: Path) -> None:
    out = imported(site, "items.csv")
    assert "(one row per item)" in out
    onboarding = front(site / "content/objectives/2026-Q3/make-onboarding-effortless.md")
    assert onboarding["parent"] == "most-loved-support"
    booking, guided, calendars = onboarding["key_results"]
    assert booking["checkins"] == [{"date": datetime(2026, 8, 14).date(), "value": "2d"}]
    assert guided["milestone"] is True and guided["done"] is True  # status "Done"
    assert calendars["milestone"] is True and "done" not in calendars  # type "Milestone"
    assert onboarding["initiatives"] == [  # the second has a blank parent: the objective above
        {"title": "Run a click study", "owner": "leo", "status": "in_progress"},
        {"title": "Rewrite the welcome e-mails", "owner": "priya", "status": "planned"},
    ]
    faster = front(site / "content/objectives/2026-Q3/sign-up-clinics-faster.md")
    assert faster["parent"] == "make-onboarding-effortless"  # a parent in the same file, by title
    kpi = front(site / "content/kpis/onboarding-completion-rate.md")
    assert kpi["healthy"] == ">= 75%" and kpi["frequency"] == "monthly" and kpi["unit"] == "%"
    assert kpi["values"] == [{"date": datetime(2026, 8, 31).date(), "value": "78%"}]
    assert lint_codes(site) == ["OKR301", "OKR309", "OKR309", "OKR312"]


def test_an_objective_aligned_to_a_key_result_by_its_title(write_site: object) -> None:
    root = write_site(  # type: ignore[operator]
        {
            "okrsite.yaml": "as_of: 2026-03-31\nlints: {kr-count: off, initiative-count: off}\n",
            "content/.keep": "",
            "items.csv": "Type,Title,Parent,Owner,Team,Period,Start,Target\n"
            "Key result,Grow paying clinics,Grow,ada,,,10,20\n"  # its objective comes later
            "Objective,Win the north,Grow paying clinics,ada,nordics,2026-Q1,,\n"
            "Key result,Nordic clinics,,ada,,,0,5\n"
            "Objective,Grow,,ada,acme,2026,,\n"
            "Key result,Happier clinics,,ada,,,80%,90%\n",
        }
    )
    run = run_cli("import", "csv", root / "items.csv", "--path", root)
    assert run.exit_code == 0, run.output + run.stderr
    grow = front(root / "content/objectives/2026/grow.md")
    assert [kr.get("id") for kr in grow["key_results"]] == ["grow-paying-clinics", None]
    north = front(root / "content/objectives/2026-Q1/win-the-north.md")
    assert north["parent"] == "grow#grow-paying-clinics"
    assert lint_codes(root) == []


def test_xlsx_with_a_title_row_merged_cells_percentages_and_dates(site: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "OKRs"
    sheet.append(["Our OKRs for Q4 2026"])  # a title row above the header
    sheet.append(["Objective", "Key result", "Owner", "Team", "Start", "Target", "Current", "Due", "Period"])
    sheet.append(
        [
            "Win the Nordics",
            "Raise trial conversion",
            "fatima",
            "Marketing",
            0.18,
            0.25,
            0.21,
            datetime(2026, 12, 15),
            "Q4 2026",
        ]
    )
    sheet.append(
        [None, "Grow revenue from Nordic clinics", "carlos", None, 1234.5, 250000, 98000.25, None, None]
    )
    sheet.append([None, "Cut the sales cycle", "emma", None, "45d", "35d", "41d", None, None])
    for column in "EFG":
        sheet[f"{column}3"].number_format = "0%"  # 0.18 shown as 18%
    sheet.merge_cells("A3:A5")
    path = tmp_path / "okrs.xlsx"
    book.save(path)
    run = run_cli("import", "csv", path, "--path", site)
    assert run.exit_code == 0, run.output + run.stderr
    nordics = front(site / "content/objectives/2026-Q4/win-the-nordics.md")
    assert nordics["team"] == "marketing" and nordics["owner"] == "fatima"
    conversion, revenue, cycle = nordics["key_results"]
    assert (conversion["start"], conversion["target"], conversion["current"]) == ("18%", "25%", "21%")
    assert str(conversion["due"]) == "2026-12-15"
    assert (revenue["start"], revenue["target"], revenue["current"]) == (1234.5, 250000, 98000.25)
    assert cycle["owner"] == "emma" and cycle["target"] == "35d"
    assert lint_codes(site) == ["OKR307", "OKR309"]


def test_xlsx_without_openpyxl_says_how_to_install_it(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "okrs.xlsx"
    path.write_bytes(b"PK\x03\x04")
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    run = run_cli("import", "csv", path, "--path", site)
    assert run.exit_code == 2
    assert "pip install 'okrsite[xlsx]'" in run.stderr and "Traceback" not in run.stderr


# Reading values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Objective", "objective"), ("Målsætning", "objective"), ("Key Result", "key_result"),
        ("Nøgleresultat", "key_result"), ("Nyckelresultat", "key_result"), ("Owner", "owner"),
        ("Ejer", "owner"), ("Ansvarlig", "owner"), ("Ägare", "owner"), ("Team", "team"), ("Hold", "team"),
        ("Afdeling", "team"), ("Avdelning", "team"), ("Baseline", "start"), ("Udgangspunkt", "start"),
        ("Startværdi", "start"), ("Utgångsvärde", "start"), ("Target", "target"), ("Målværdi", "target"),
        ("Målvärde", "target"), ("Actual", "current"), ("Nuværende", "current"), ("Faktisk", "current"),
        ("Nuvarande", "current"), ("Utfall", "current"), ("Enhed", "unit"), ("Enhet", "unit"),
        ("Fremdrift", "progress"), ("Framsteg", "progress"), ("Due date", "due"), ("Forfaldsdato", "due"),
        ("Slutdatum", "due"), ("Aligned to", "parent"), ("Overordnet", "parent"), ("Överordnad", "parent"),
        ("Kvartal", "period"), ("Beskrivelse", "description"), ("KEY-RESULT", "key_result"),
        ("Target (%)", "target"), ("kr_title", "key_result"), ("objective_title", "objective"),
    ],
)  # fmt: skip
def test_column_names_in_three_languages(header: str, field: str) -> None:
    assert guess(header) == field


@pytest.mark.parametrize(
    ("text", "style", "written"),
    [
        ("1.234,5", Decimal.COMMA, "1,234.5"),
        ("1 234,5", Decimal.COMMA, "1,234.5"),
        ("1,234.5", Decimal.POINT, "1,234.5"),
        ("86,5 %", Decimal.COMMA, "86.5 %"),
        ("1.500", Decimal.COMMA, "1,500"),
        ("1.500", Decimal.POINT, "1.500"),
        ("1,500", Decimal.COMMA, "1.500"),
        ("12 000 000 kr", Decimal.COMMA, "12,000,000 kr"),
        ("$0.012", Decimal.POINT, "$0.012"),
        (">= 99,5 %", Decimal.COMMA, ">= 99.5 %"),
        ("2:37", Decimal.COMMA, "2:37"),
    ],
)
def test_numbers_are_rewritten_as_okrsite_reads_them(text: str, style: Decimal, written: str) -> None:
    assert rewrite(text, style) == written


def test_each_column_decides_its_decimal_separator() -> None:
    cells = {
        "start": [(2, "1.500"), (3, "86,5")],  # a decimal comma: 1.500 is fifteen hundred
        "target": [(2, "1,500"), (3, "12.5")],  # a decimal point: 1,500 is fifteen hundred
        "current": [(2, "1.500")],  # nothing tells: the file has as many of each; a point wins
        "weight": [(2, "1,5"), (3, "2.5")],  # one of each: a mixed column is reported
    }
    names = {k: k for k in cells}
    found = decide(cells, names, None, Decimal.POINT)
    assert found.styles["start"] is Decimal.COMMA and found.styles["target"] is Decimal.POINT
    assert [p.row for p in found.problems] == [2]
    assert "writes decimals with a comma" in found.problems[0].message
    assert found.notes == [
        "column current: numbers like '1.500' (row 2) could be read two ways; read as 1.5 with a decimal "
        "point (decided by the file's other numbers), not 1500: --decimal comma reads them the other way"
    ]
    forced = decide({"start": [(2, "1.500")]}, {"start": "start"}, Decimal.COMMA, Decimal.POINT)
    assert forced.styles["start"] is Decimal.COMMA and "--decimal" in forced.notes[0]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-Q1", "2026-Q1"), ("Q1 2026", "2026-Q1"), ("2026Q1", "2026-Q1"), ("K2 2026", "2026-Q2"),
        ("Kv3 2026", "2026-Q3"), ("1. kvartal 2026", "2026-Q1"), ("H2-2026", "2026-H2"),
        ("1. halvår 2026", "2026-H1"), ("2026", "2026"), ("FY26", "2026"), ("Q4 FY26", "2026-Q4"),
        ("Launch-Window", "launch-window"),
    ],
)  # fmt: skip
def test_periods_as_spreadsheets_write_them(text: str, key: str) -> None:
    custom = {"launch-window": custom_period("launch-window", date(2026, 9, 1), date(2026, 10, 31))}
    assert period_key(text, FiscalYear(), custom) == key


@pytest.mark.parametrize(
    ("text", "dmy", "day"),
    [
        ("2026-03-31", True, "2026-03-31"), ("31.03.2026", True, "2026-03-31"), ("31/3/2026", True, "2026-03-31"),
        ("2026/03/31", True, "2026-03-31"), ("20260331", True, "2026-03-31"), ("03/04/2026", True, "2026-04-03"),
        ("03/04/2026", False, "2026-03-04"), ("2026-03-31T14:05", True, "2026-03-31"),
    ],
)  # fmt: skip
def test_dates_as_spreadsheets_write_them(text: str, dmy: bool, day: str) -> None:
    assert read_date(text, dmy).isoformat() == day

"""Actual values from statistical tables (CSV or XLSX): indicator, year or date, value, source.

Every row is checked before anything enters the edit session; a file with any bad row adds
nothing and the error names each bad row by its row number in the file (the header is
row 1). Column names may be English or Chinese (指标, 年份, 日期, 数值/值, 来源, 范围).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from gisplanner.errors import CodedError
from gisplanner.store.actuals import check_record
from gisplanner.store.changes import EditRefused

COLUMNS = {
    "indicator": ("indicator", "indicator_id", "指标", "指标编号"),
    "year": ("year", "年份", "年度"),
    "date": ("date", "日期"),
    "value": ("value", "数值", "值", "实际值"),
    "source": ("source", "来源", "数据来源"),
    "scope": ("scope", "范围", "口径"),
}


# What is wrong with the table as a whole, in English (the CLI's words); faces word the code.
TABLE_PROBLEMS = {
    "not_text": "not UTF-8 or GB18030 text",
    "bad_xlsx": "not a readable XLSX workbook ({detail})",
    "no_file": "no such file",
    "bad_suffix": "{suffix}: give a .csv or .xlsx file",
    "empty": "the file is empty",
    "missing_columns": "missing column(s) {missing}; found {found}",
    "no_rows": "no data rows",
}


class TableProblem(CodedError):
    """A problem of the table itself (its file, header or rows), coded; ``str()`` is English."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, **params)
        self.args = (TABLE_PROBLEMS[code].format_map(params),)


class ImportActualsError(ValueError):
    """A table that cannot be imported; ``problems`` lists (row number, problem), each problem
    a ``TableProblem`` or the row's ``EditRefused`` (both coded, English as text)."""

    code = "actuals_import"

    def __init__(self, path: Path, problems: list[tuple[int, CodedError]]) -> None:
        lines = "; ".join(f"row {row}: {msg}" if row else msg for row, msg in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{path}: nothing imported; {lines}{more}")
        self.path = path
        self.problems = problems
        self.params = {"path": str(path), "rows": [row for row, _ in problems]}


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportActualsError(path, [(0, TableProblem("not_text"))])
    return [row for row in csv.reader(text.splitlines())]


def _read_xlsx(path: Path) -> list[list[Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportActualsError(path, [(0, TableProblem("bad_xlsx", detail=str(exc)))]) from exc
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {indicator, year/date, value, source, scope}) for each non-empty data row."""
    path = Path(path)
    if not path.is_file():
        raise ImportActualsError(path, [(0, TableProblem("no_file"))])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path)
    else:
        raise ImportActualsError(path, [(0, TableProblem("bad_suffix", suffix=suffix or "no extension"))])
    if not table:
        raise ImportActualsError(path, [(0, TableProblem("empty"))])
    header = [str(c or "").strip().lower() for c in table[0]]
    where: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, name in enumerate(header):
            if name in names:
                where[key] = i
                break
    missing = [k for k in ("indicator", "value", "source") if k not in where]
    if "year" not in where and "date" not in where:
        missing.append("year or date")
    if missing:
        raise ImportActualsError(path, [(1, TableProblem("missing_columns", missing=", ".join(missing),
                                                          found=", ".join(header)))])
    rows = []
    for n, cells in enumerate(table[1:], 2):
        if all(c in (None, "") for c in cells):
            continue
        rows.append((n, {k: (cells[i] if i < len(cells) else None) for k, i in where.items()}))
    return rows


def _date(cells: dict[str, Any]) -> str:
    value = cells.get("date") if cells.get("date") not in (None, "") else cells.get("year")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def records_from(path: Path, indicator_exists) -> list[dict[str, Any]]:
    """Checked records for every row, or ImportActualsError naming every bad row."""
    records, problems = [], []
    for n, cells in read_rows(path):
        record = {"indicator_id": str(cells.get("indicator") or "").strip(), "date": _date(cells),
                  "value": cells.get("value"), "source": cells.get("source"), "scope": cells.get("scope")}
        try:
            records.append(check_record(record, indicator_exists))
        except EditRefused as exc:
            problems.append((n, exc))
    if problems:
        raise ImportActualsError(Path(path), problems)
    if not records:
        raise ImportActualsError(Path(path), [(0, TableProblem("no_rows"))])
    return records


def import_actuals(session, path: str | Path):
    """Add a table's actual values to an edit session as one undoable change (caller saves)."""
    return session.add_actuals(records_from(Path(path), session.indicator_exists))

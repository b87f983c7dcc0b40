"""Monitoring on the command line, run as a user would (``python main.py …``)."""

from __future__ import annotations

import json

import pytest

from test_cli import main_py


@pytest.mark.parametrize("command", ["indicators", "overdue", "import-actuals", "report"])
def test_monitoring_commands_have_help(command):
    out = main_py(command, "--help")
    assert out.returncode == 0 and command in out.stdout


def test_indicators_of_a_plan_as_json(built_project_path):
    out = main_py("indicators", "--plan", "001", "--json", "--project", str(built_project_path))
    assert out.returncode == 0, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    scale = rows["001.industry-scale"]
    assert (scale["clause_id"], scale["comparator"], scale["value"], scale["unit"], scale["year"]) == (
        "001:發展目標/p3", ">", 2000.0, "亿元", 2024)
    assert scale["state"] == "no_data" and scale["latest"] is None
    assert {r["plan_id"] for r in rows.values()} == {"001"}


def test_overdue_as_of_a_date(built_project_path):
    out = main_py("overdue", "--as-of", "2025-01-01", "--json", "--project", str(built_project_path))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    late = {f["uid"]: f for f in data["features"]}
    assert late["cq.biocity.substation-110kv"]["kind"] == "complete"
    assert "zh.health-port" not in late  # its deadline is 2025: not over on 2025-01-01
    assert [i["id"] for i in data["indicators"]] == ["000.output"]
    early = json.loads(main_py("overdue", "--as-of", "2024", "--json", "--project", str(built_project_path)).stdout)
    assert "cq.biocity.substation-110kv" not in {f["uid"] for f in early["features"]}  # due end of 2024
    assert "cq.banan-cluster" in {f["uid"] for f in early["features"]}  # to be built by 2022, approved only
    bad = main_py("overdue", "--as-of", "2024-02-30", "--project", str(built_project_path))
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_import_actuals_then_indicators_show_the_latest(project_copy, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,year,value,source\n000.output,2021,800,统计年鉴\n000.output,2022,,统计年鉴\n",
                   encoding="utf-8")
    out = main_py("import-actuals", str(bad), "--project", str(project_copy))
    assert out.returncode == 1 and "bad.csv: nothing imported; row 3:" in out.stderr
    good = tmp_path / "good.csv"
    good.write_text("indicator,year,value,source\n000.output,2021,800,统计年鉴\n000.output,2022,1020,统计年鉴\n",
                    encoding="utf-8")
    out = main_py("import-actuals", str(good), "--project", str(project_copy), "--editor", "张工")
    assert out.returncode == 0, out.stderr
    assert "imported 2 actual values" in out.stdout
    rows = {r["id"]: r for r in json.loads(main_py("indicators", "--plan", "000", "--json", "--project",
                                                    str(project_copy)).stdout)}
    assert rows["000.output"]["latest"]["value"] == 1020.0 and rows["000.output"]["state"] == "behind"


def test_report_writes_html_and_pdf(built_project_path, tmp_path):
    html = tmp_path / "brief.html"
    out = main_py("report", "--park", "zh.health-port", "--out", str(html), "--since", "2020",
                  "--project", str(built_project_path))
    assert out.returncode == 0, out.stderr
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    pdf = tmp_path / "brief.pdf"
    out = main_py("report", "--plan", "004", "--out", str(pdf), "--project", str(built_project_path))
    assert out.returncode == 0, out.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    out = main_py("report", "--park", "x", "--plan", "001", "--out", str(pdf), "--project", str(built_project_path))
    assert out.returncode == 2 and "not allowed with argument" in out.stderr

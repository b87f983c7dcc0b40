#!/usr/bin/env python3
"""Coverage of the plans by the map: for each plan, the items with a place it names
(data/plan_items.toml), how many are mapped (a feature exists) and how many are linked (every
feature of the item links the clause that names it), and why the others are not mapped.

Usage:
    python data/tools/plan_coverage.py            print the table
    python data/tools/plan_coverage.py --write    rewrite the table in data/SOURCES.md
    python data/tools/plan_coverage.py --check    exit 1 if data/SOURCES.md is not up to date
    python data/tools/plan_coverage.py --layers DIR   count against other layer sources
Exit 1 also when an item's quote is not in its plan, or a feature is listed that does not exist
(when counting the shipped layers), or a shipped feature is named by no item.
"""
from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

from gisplanner.features import LinkSpec, SourceError
from gisplanner.plans import load_corpus
from gisplanner.store.build import resolve_link

DATA = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- coverage:begin (data/tools/plan_coverage.py --write) -->", "<!-- coverage:end -->"
PBEGIN, PEND = "<!-- placement:begin (data/tools/plan_coverage.py --write) -->", "<!-- placement:end -->"


def load_items(path: Path = DATA / "plan_items.toml") -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["item"]


def load_links(layers: Path) -> dict[str, list[dict]]:
    """uid -> its links (plan, quote, relation), from every layer source in ``layers``."""
    out = {}
    for path in sorted(layers.glob("*.geojson")):
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            out[feat["properties"]["uid"]] = feat["properties"]["links"]
    return out


def coverage(items: list[dict], links: dict[str, list[dict]], docs) -> tuple[list[dict], list[str]]:
    """One row per plan (named, mapped, linked, the unmapped items) and the problems found."""
    problems, rows = [], {}
    for item in items:
        plan = item["plan"]
        row = rows.setdefault(plan, {"plan": plan, "named": 0, "mapped": 0, "linked": 0, "unmapped": [], "unlinked": []})
        row["named"] += 1
        try:
            clause = resolve_link(LinkSpec(plan, item["quote"], "mentions"), docs, f"item {item['name']}").id
        except SourceError as exc:
            problems.append(str(exc))
            continue
        feats = item.get("features", [])
        present = [uid for uid in feats if uid in links]
        if not feats or len(present) < len(feats):
            row["unmapped"].append((item["name"], item.get("unmapped") or "listed features not on the map"))
            continue
        row["mapped"] += 1
        linked = all(any(ln["plan"] == plan and resolve_link(LinkSpec(**ln), docs, uid).id == clause for ln in links[uid])
                     for uid in feats)
        row["linked"] += linked
        if not linked:
            row["unlinked"].append(item["name"])
    return [rows[p] for p in sorted(rows)], problems


def placement(layers: Path) -> str:
    """The features placed at a found site, then a table of every approximate one and why."""
    feats = [(path.stem, f["properties"]) for path in sorted(layers.glob("*.geojson"), key=lambda p: ORDER.index(p.stem))
             for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    sites = ", ".join(f"`{p['uid']}`" for _, p in feats if p["location_precision"] == "site")
    out = [f"Placed at a found site: {sites}.",
           "All others are approximate (this table mirrors each feature's `location_source`):", "",
           "| uid | name | layer | precision | why / placement |", "|---|---|---|---|---|"]
    out += [f"| `{p['uid']}` | {p['name_zh']} | {layer} | {p['location_precision']} | {p['location_source']} |"
            for layer, p in feats if p["location_precision"] != "site"]
    return "\n".join(out)


ORDER = ["parks", "transport_lines", "transport_points", "facilities", "facility_areas"]


def replace_between(text: str, begin: str, end: str, body: str) -> str:
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n{body}\n{end}{tail}"


def markdown(rows: list[dict], titles: dict[str, str]) -> str:
    out = ["| plan | items named | mapped | linked to their clause |", "|---|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['plan']} {titles[r['plan']]} | {r['named']} | {r['mapped']} | {r['linked']} |")
    total = {k: sum(r[k] for r in rows) for k in ("named", "mapped", "linked")}
    out.append(f"| all | {total['named']} | {total['mapped']} | {total['linked']} |")
    out.append("")
    out.append("Items named but not mapped, and why:")
    out.append("")
    for r in rows:
        for name, why in r["unmapped"]:
            out.append(f"- {r['plan']} {name}: {why}")
        for name in r["unlinked"]:
            out.append(f"- {r['plan']} {name}: mapped, but a feature does not link the clause that names it")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--layers", type=Path, default=DATA / "layers")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    docs = {d.plan.id: d for d in load_corpus()}
    items, links = load_items(), load_links(args.layers)
    rows, problems = coverage(items, links, docs)
    if args.layers == DATA / "layers":
        named = {uid for item in items for uid in item.get("features", [])}
        problems += [f"item feature {uid} is not on the map" for uid in sorted(named - set(links))]
        problems += [f"feature {uid} is named by no item of data/plan_items.toml" for uid in sorted(set(links) - named)]
    table = markdown(rows, {d.plan.id: d.plan.title_en for d in docs.values()})
    for p in problems:
        print("ERROR", p, file=sys.stderr)
    sources = DATA / "SOURCES.md"
    text = sources.read_text(encoding="utf-8")
    updated = replace_between(replace_between(text, BEGIN, END, table), PBEGIN, PEND, placement(DATA / "layers"))
    if args.write:
        sources.write_text(updated, encoding="utf-8")
    elif args.check:
        if BEGIN not in text or PBEGIN not in text or updated != text:
            print("data/SOURCES.md: coverage table out of date; run data/tools/plan_coverage.py --write", file=sys.stderr)
            return 1
    else:
        print(table)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

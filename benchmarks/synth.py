"""Make a synthetic corpus of N bulletin issues derived from the real one, for scale benchmarks.

    python benchmarks/synth.py --issues 250 --out /tmp/iktw-250

The bulletin appears about twice a month, so ten years is about 250 issues. Each synthetic
issue is the real issue 2024 No. 4 with the same structure and shapes, derived like this:

* The real issue is issue 1, unchanged. Issue k > 1 is a copy of it under
  `issues/syn-KKKK/` with its own source text `sources/syn-KKKK.txt` (a copy of the real
  text, so every quote is still printed in its source and the quote check does real work).
* Publication ids are renamed per issue: `issue/syn-KKKK`, `article/syn-KKKK-NN`,
  `section/syn-KKKK-…`, `report/…-sKKKK`, observation ids `sKKKK-…`.
* Issue-local entities are renamed per issue (`policy/eo-14110` → `policy/eo-14110-sKKKK`):
  policies, facilities, reactor designs and units, events, people and products — the things
  each issue newly reports on.
* Well-known entities are shared across issues as in reality, so they are one node each:
  everything in data/vocab/ plus every country, union, region, organisation, technology,
  indicator, unit and status. Their definitions stay in issue 1; copies only refer to them.
* Figures are perturbed: each value (and range bound) is multiplied by 1 + δ with δ drawn
  uniformly from [-0.2, 0.2] by a generator seeded with the issue number and observation
  id, keeping the printed number of decimals; ranges stay ordered.
* Dates move with the issue: issue k is k // 24 years later (24 issues a year), applied to
  article, report, statement and observation dates and periods.

The result builds with `iktw-kg build --data DIR`. The same N always gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
REAL_DATA = ROOT / "data"
REAL_ISSUE = "2024-04"
SHARED_KINDS = {"country", "union", "region", "org", "tech", "indicator", "unit", "status"}
ISSUES_PER_YEAR = 24


def yaml() -> YAML:
    handler = YAML(typ="safe", pure=True)
    handler.default_flow_style = False
    handler.allow_unicode = True
    handler.width = 4096
    return handler


def shift_date(text: str, years: int) -> str:
    """Move a YYYY, YYYY-MM or YYYY-MM-DD date (or a START..END period) by whole years."""
    if ".." in text:
        return "..".join(shift_date(part, years) for part in text.split(".."))
    year, rest = text[:4], text[4:]
    shifted = f"{int(year) + years}{rest}"
    return shifted.replace("-02-29", "-02-28")


def perturb(value: Any, rng: random.Random) -> int | float:
    """Scale by 1 + δ, keeping the printed decimals; returned as a YAML-native number."""
    number = Decimal(str(value))
    exponent = number.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) and exponent < 0 else 0)
    factor = Decimal(str(round(1 + rng.uniform(-0.2, 0.2), 6)))
    result = (number * factor).quantize(places)
    return int(result) if result == result.to_integral_value() else float(result)


class IssueCopier:
    """Rewrites the real issue's YAML documents into synthetic issue k."""

    def __init__(self, number: int, local_ids: set[str]) -> None:
        self.number = number
        self.tag = f"syn-{number:04d}"
        self.years = number // ISSUES_PER_YEAR
        pattern = "|".join(re.escape(i) for i in sorted(local_ids, key=len, reverse=True))
        self.local = re.compile(rf"^(?:{pattern})$")

    def rename(self, identifier: str) -> str:
        kind, _, slug = identifier.partition("/")
        if kind == "issue":
            return f"issue/{self.tag}"
        if kind in {"article", "section"}:
            return f"{kind}/{slug.replace(REAL_ISSUE, self.tag)}"
        if self.local.match(identifier):
            return f"{identifier}-s{self.number:04d}"
        return identifier

    def rewrite(self, node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: self.rewrite(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [self.rewrite(item, key) for item in node]
        if isinstance(node, str) and re.match(r"^[a-z][a-z0-9-]*/[a-z0-9][a-z0-9.-]*$", node):
            return self.rename(node)
        return node

    def document(self, data: dict[str, Any]) -> dict[str, Any]:
        data = self.rewrite(data)
        data["entities"] = [e for e in data.get("entities", []) if e["id"].split("/")[0] not in SHARED_KINDS]
        if not data["entities"]:
            del data["entities"]
        for observation in data.get("observations", []):
            rng = random.Random(f"{self.number}:{observation['id']}")
            observation["id"] = observation["id"].replace(REAL_ISSUE, f"s{self.number:04d}", 1)
            if "value" in observation:
                observation["value"] = perturb(observation["value"], rng)
            else:
                low, high = perturb(observation["min"], rng), perturb(observation["max"], rng)
                observation["min"], observation["max"] = min(low, high), max(low, high)
            observation["period"] = shift_date(str(observation["period"]), self.years)
        for statement in data.get("statements", []):
            if "value" in statement:
                statement["value"] = shift_date(str(statement["value"]), self.years)
        for section in ("articles", "reports"):
            for item in data.get(section, []):
                item["date"] = shift_date(str(item["date"]), self.years)
        if "issue" in data:
            data["issue"]["number"] = self.number
            data["issue"]["source"] = f"sources/{self.tag}.txt"
            data["issue"]["label"] = {
                "ko": f"산업기술 동향워치 합성 {self.number}호",
                "en": f"Industrial Technology Trend Watch synthetic No. {self.number}",
            }
            data.pop("bulletin", None)
        return data


def synthesise(issues: int, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REAL_DATA, out)
    real_dir = REAL_DATA / "issues" / REAL_ISSUE
    documents = {
        path.relative_to(real_dir): yaml().load(path.read_text(encoding="utf-8"))
        for path in sorted(real_dir.rglob("*.yaml"))
    }
    local_ids = {
        entity["id"]
        for data in documents.values()
        for entity in data.get("entities", [])
        if entity["id"].split("/")[0] not in SHARED_KINDS
    }
    local_ids |= {report["id"] for data in documents.values() for report in data.get("reports", [])}
    source = REAL_DATA / "sources" / f"iktw-{REAL_ISSUE}.txt"
    for number in range(2, issues + 1):
        copier = IssueCopier(number, local_ids)
        target = out / "issues" / copier.tag
        for relative, data in documents.items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as handle:
                yaml().dump(copier.document(_copy(data)), handle)
        shutil.copyfile(source, out / "sources" / f"{copier.tag}.txt")


def _copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def main() -> None:
    parser = argparse.ArgumentParser(description="Synthesise N issues of the bulletin from the real one.")
    parser.add_argument("--issues", type=int, required=True, help="how many issues, the real one included")
    parser.add_argument("--out", type=Path, required=True, help="data directory to create (replaced if it exists)")
    args = parser.parse_args()
    synthesise(args.issues, args.out)
    print(f"wrote {args.issues} issues to {args.out}")


if __name__ == "__main__":
    main()

"""The mutation score per module, from the last `make mutate` (mutmut's files in mutants/).

    .venv/bin/python -m tests.mutation_score

Killed counts mutants caught by a failing test; the score is killed / total.
"""

import json
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

COLUMNS = ["killed", "survived", "no tests", "timeout", "suspicious"]


def scores(folder: Path = Path("mutants")) -> dict[str, Counter]:
    by_module = {}
    for meta in sorted(folder.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"].values()
        module = str(meta.relative_to(folder)).removesuffix(".meta")
        by_module[module] = Counter(status_by_exit_code[code] for code in codes)
    return by_module


def main() -> None:
    by_module = scores()
    if not by_module:
        raise SystemExit("No results in mutants/: run `make mutate` first.")
    print(f"{'module':32} {'score':>16} " + " ".join(f"{c:>10}" for c in COLUMNS[1:]))
    for module, counts in by_module.items():
        total = sum(counts.values())
        score = f"{counts['killed']}/{total} {counts['killed'] / total:4.0%}"
        rest = " ".join(f"{counts[c]:>10}" for c in COLUMNS[1:])
        other = total - sum(counts[c] for c in COLUMNS)
        print(f"{module:32} {score:>16} {rest}" + (f"  ({other} not checked)" if other else ""))


if __name__ == "__main__":
    main()

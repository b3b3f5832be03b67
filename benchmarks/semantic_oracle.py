"""The semantic oracle of issue #12 §5 without stopping: the disagreement rate by mutation kind.

    .venv/bin/python benchmarks/semantic_oracle.py --examples 2000

The strategies, the verdicts and the written policies are the test's
(``tests/changes/oracle.py``); ``tests/changes/test_semantic_oracle.py`` runs them in CI with
the suite's bounded, derandomized hypothesis profile and fails on the first disagreement.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "changes"))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import judge, mutations, schemas, witnesses


def main(argv: list[str]) -> int:
    """Run the oracle over N examples and print the disagreement rate by mutation kind."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--show", type=int, default=15, help="disagreements to print")
    args = parser.parse_args(argv)
    seen: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    excused: Counter[str] = Counter()
    shown: list[str] = []

    @settings(
        max_examples=args.examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        base = data.draw(schemas())
        mutation = data.draw(mutations(base))
        narrowing, widening = witnesses(data, base, mutation.revision)
        outcome = judge(mutation, base, narrowing, widening)
        seen[mutation.kind] += 1
        if outcome.disagreements:
            failed[mutation.kind] += 1
            line = f"{base} -> {mutation.revision}\n    {outcome.disagreements}"
            if len(shown) < args.show and line not in shown:
                shown.append(line)
        if outcome.excused:
            excused[mutation.kind] += 1

    run()
    total, bad = sum(seen.values()), sum(failed.values())
    print(f"examples: {total}  disagreements: {bad} ({100 * bad / max(total, 1):.1f} %)")
    print(f"excused by a written policy: {sum(excused.values())}")
    for kind, count in sorted(seen.items()):
        print(f"  {kind:40} {failed[kind]:4}/{count:<4} excused {excused[kind]}")
    for line in shown:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

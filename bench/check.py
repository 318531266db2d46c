"""Time `okrsite check` (load + parse + validate) on generated corpora; prints medians.

python bench/check.py [N ...]        (default: 1000 10000)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

from okrsite.check import check
from okrsite.load import load


def main(sizes: list[int], runs: int = 5) -> None:
    print(
        f"{'objectives':>10} {'load ms':>9} {'check ms':>9} {'per 1000 files':>15} {'errors':>7} {'warnings':>8}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            write_corpus(root, n)
            loads, checks = [], []
            result = None
            for _ in range(runs):
                t0 = time.perf_counter()
                load(root)
                t1 = time.perf_counter()
                result = check(root)
                t2 = time.perf_counter()
                loads.append(t1 - t0)
                checks.append(t2 - t1)
            assert result is not None
            med = statistics.median(checks)
            print(
                f"{n:>10} {statistics.median(loads) * 1000:>9.0f} {med * 1000:>9.0f} "
                f"{med / n * 1_000_000:>13.0f}ms {result.errors:>7} {result.warnings:>8}"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])

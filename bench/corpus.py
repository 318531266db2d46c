"""A deterministic corpus of OKR-like files: N objectives across a team tree, with KPIs.

    python bench/corpus.py OUT_DIR N

Each objective has 3-5 key results of mixed kinds with check-ins, 3 initiatives and a
~150-word body, like the files real organisations keep. The same N always gives the same bytes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = (
    "customer revenue growth quality support onboarding pipeline retention latency release team "
    "market product feedback churn adoption reliability experiment launch partner deal hiring "
    "platform cost margin satisfaction security analytics roadmap design mobile"
).split()


def _body(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(150)]
    lines = [" ".join(words[i : i + 15]).capitalize() + "." for i in range(0, 150, 15)]
    return "\n".join(lines) + "\n"


def _kr(rng: random.Random, i: int, owner: str, quarter: int) -> str:
    month = 3 * (quarter - 1) + 1
    checkins = "\n".join(
        f"      - {{date: 2026-{month + m:02d}-{10 + m:02d}, value: {40 + 10 * m + i}%, confidence: 0.{6 + m}}}"
        for m in range(3)
    )
    kind = i % 4
    if kind == 0:
        return f"  - title: Raise activation from 40% to 80%\n    id: kr{i}\n    start: 40%\n    target: 80%\n    owner: {owner}\n    checkins:\n{checkins}\n"
    if kind == 1:
        return f"  - title: Cut response time\n    start: 24h\n    target: 12h\n    owner: {owner}\n    checkins:\n      - {{date: 2026-{month + 1:02d}-02, value: 18h}}\n"
    if kind == 2:
        return f"  - title: Ship the new flow\n    milestone: true\n    progress: 0.{rng.randint(1, 9)}\n    owner: {owner}\n"
    return f"  - title: Win new deals\n    start: 0\n    target: 500k\n    unit: USD\n    weight: 2\n    owner: {owner}\n    checkins:\n      - {{date: 2026-{month:02d}-20, value: 120k}}\n"


def write_corpus(out: Path, n: int, seed: int = 7) -> None:
    """Write okrsite.yaml and content/ for `n` objectives into `out`."""
    rng = random.Random(seed)
    content = out / "content"
    teams = ["company"] + [f"dept-{d}" for d in range(10)] + [f"team-{t}" for t in range(50)]
    (out / "okrsite.yaml").write_text("title: Bench\nas_of: 2026-11-20\nlints: {unaligned: off}\n")
    (content / "teams").mkdir(parents=True, exist_ok=True)
    for t in teams:
        parent = "" if t == "company" else ("company" if t.startswith("dept") else f"dept-{int(t[5:]) % 10}")
        (content / "teams" / f"{t}.md").write_text(
            f"---\nname: {t.title()}\n" + (f"parent: {parent}\n" if parent else "") + "---\nMission.\n"
        )
    (content / "kpis").mkdir(exist_ok=True)
    (content / "kpis" / "csat.md").write_text(
        '---\ntitle: CSAT\nteam: company\nhealthy: ">= 85%"\nfrequency: weekly\nsource: csat.csv\n---\n'
    )
    rows = [f"2026-{1 + d // 28:02d}-{1 + d % 28:02d},{80 + (d % 10)}%" for d in range(0, 320, 7)]
    (content / "kpis" / "csat.csv").write_text("date,value\n" + "\n".join(rows) + "\n")
    for i in range(n):
        quarter = 1 + i % 4
        team = teams[1 + i % (len(teams) - 1)]
        folder = content / "objectives" / f"2026-Q{quarter}" / team
        folder.mkdir(parents=True, exist_ok=True)
        krs = "".join(_kr(rng, k, f"person-{rng.randint(1, 500)}", quarter) for k in range(rng.randint(3, 5)))
        initiatives = "".join(f"  - {{title: Initiative {j}, status: in_progress}}\n" for j in range(3))
        (folder / f"objective-{i:06d}.md").write_text(
            f"---\ntitle: Objective {i} for {team}\nperiod: 2026-Q{quarter}\nteam: {team}\n"
            f"owner: person-{i % 500}\ncommitment: {'committed' if i % 3 == 0 else 'aspirational'}\n"
            f"key_results:\n{krs}initiatives:\n{initiatives}---\n{_body(rng)}"
        )


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]))

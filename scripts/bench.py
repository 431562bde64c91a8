"""Measure the release binary on generated input; see scripts/bench.sh."""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "copydesk"
BASELINE = ROOT / "benches" / "baseline.json"


def corpus_articles():
    files = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in (".md", ".txt"))
    return [p.read_text(encoding="utf-8") for p in files if p.name != "README.md"]


def generate(dir_: Path, total_bytes: int) -> int:
    """Write articles until `total_bytes`, varying numbers so no two files are equal."""
    dir_.mkdir(parents=True, exist_ok=True)
    articles = corpus_articles()
    written, i = 0, 0
    while written < total_bytes:
        text = articles[i % len(articles)]
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + i), text)
        ext = ".md" if i % 3 == 0 else ".txt"
        (dir_ / f"article-{i:05}{ext}").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        i += 1
    return written


def words(dir_: Path) -> int:
    return sum(len(re.findall(r"\w+", p.read_text(encoding="utf-8"))) for p in dir_.iterdir())


def timed(args, env=None, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([str(BIN), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"copydesk {' '.join(args)} exited {proc.returncode}")
    return min(times)


def main():
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = tmp / "1x"
        ten = tmp / "10x"
        one_bytes = generate(one, 1_000_000)
        ten_bytes = generate(ten, 10_000_000)
        ten_words = words(ten)
        single = dict(os.environ, RAYON_NUM_THREADS="1")
        t1 = timed(["--check", "--format", "json", str(ten)], env=single)
        tn = timed(["--check", "--format", "json", str(ten)])
        figures["check_mb_per_s_1_thread"] = ten_bytes / 1e6 / t1
        figures["check_words_per_s_1_thread"] = ten_words / t1
        figures["check_mb_per_s_all_threads"] = ten_bytes / 1e6 / tn
        t_one = timed(["--check", "--format", "json", str(one)], env=single)
        figures["time_1x_s"] = t_one
        figures["time_10x_s"] = t1
        figures["scaling_10x_over_1x"] = t1 / t_one * (one_bytes / ten_bytes) * 10
        empty = tmp / "empty.txt"
        empty.write_text("")
        figures["startup_ms"] = statistics.median(
            timed(["--check", str(empty)], runs=1) for _ in range(21)
        ) * 1000
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    lower_is_better = ("time", "startup", "scaling")
    print(f"{'figure':32} {'now':>14} {'baseline':>14} {'ratio':>7}")
    for key, value in figures.items():
        base = baseline.get(key)
        ratio = f"{value / base:.2f}" if base else "-"
        hint = " (lower is better)" if key.startswith(lower_is_better) else ""
        print(f"{key:32} {value:14.3f} {base if base is not None else '-':>14} {ratio:>7}{hint}")
    if "--save" in sys.argv:
        BASELINE.write_text(json.dumps({k: round(v, 4) for k, v in figures.items()}, indent=2) + "\n")
        print(f"saved {BASELINE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

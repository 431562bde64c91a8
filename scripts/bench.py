"""Whole-program figures for copydesk, each printed beside benches/baseline.json and the
target of issue #9; see scripts/bench.sh for usage.

--check is timed as a CI job would run it, on articles generated from corpus/. The language
server is driven over stdio as an editor drives it: JSON-RPC with Content-Length framing,
debounce 0, a keystroke timed from its didChange to the publishDiagnostics carrying its
version, memory read from /proc/PID/status.
"""
import argparse
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "benches" / "baseline.json"
HIGHER, LOWER = "higher", "lower"

# name: (unit, which way is better, target from issue #9 as (comparison, value) or None)
FIGURES = {
    "check_mb_per_s_1_thread": ("MB/s", HIGHER, (">=", 10)),
    "check_words_per_s_1_thread": ("words/s", HIGHER, (">=", 1_700_000)),
    "check_mb_per_s_all_threads": ("MB/s", HIGHER, None),
    "check_words_per_s_all_threads": ("words/s", HIGHER, None),
    "time_1x_s": ("s", LOWER, None),
    "time_10x_s": ("s", LOWER, None),
    "scaling_10x_over_1x": ("x", LOWER, ("<=", 11)),
    "startup_ms": ("ms", LOWER, ("<=", 10)),
    "first_sentence_ms": ("ms", LOWER, None),
    "lsp_initialize_ms": ("ms", LOWER, None),
    "lsp_first_diagnostics_20k_ms": ("ms", LOWER, ("<=", 50)),
    "lsp_open_20k_warm_ms": ("ms", LOWER, None),
    "lsp_keystroke_p50_1k_ms": ("ms", LOWER, None),
    "lsp_keystroke_p99_1k_ms": ("ms", LOWER, None),
    "lsp_keystroke_p50_5k_ms": ("ms", LOWER, None),
    "lsp_keystroke_p99_5k_ms": ("ms", LOWER, None),
    "lsp_keystroke_p50_20k_ms": ("ms", LOWER, None),
    "lsp_keystroke_p99_20k_ms": ("ms", LOWER, ("<=", 5)),
    "lsp_p99_20k_over_1k": ("x", LOWER, ("<=", 1.5)),
    "lsp_rss_idle_mb": ("MB", LOWER, None),
    "lsp_rss_100_docs_2k_mb": ("MB", LOWER, ("<=", 40)),
    "lsp_peak_rss_100_docs_2k_mb": ("MB", LOWER, None),
}

# A ratio to the baseline this far on the wrong side is called out; closer is noise on a
# shared machine.
NOISE = 0.10


class Settings:
    def __init__(self, quick: bool):
        scale = 10 if quick else 1
        self.one_x_bytes = 1_000_000 // scale
        self.ten_x_bytes = 10_000_000 // scale
        self.check_runs = 1 if quick else 3
        self.startup_runs = 5 if quick else 21
        self.warmup_keystrokes = 5 if quick else 30
        self.keystrokes = 30 if quick else 400
        self.opens = 1 if quick else 5
        self.open_docs = 10 if quick else 100


# ---------------------------------------------------------------------------- input


def corpus_paragraphs():
    """The prose paragraphs of corpus/ (headings dropped), in file order."""
    paragraphs = []
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.suffix not in (".md", ".txt") or path.name == "README.md":
            continue
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            block = block.strip()
            if block and not block.startswith("#"):
                paragraphs.append(block)
    return paragraphs


PARAGRAPHS = corpus_paragraphs()


def vary(text: str, seed: int) -> str:
    """The same prose with its numbers shifted, so no two generated texts are equal."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + seed), text)


def word_count(text: str) -> int:
    return len(text.split())


def generate_corpus(dir_: Path, total_bytes: int) -> tuple[int, int]:
    """Articles of the corpus, renumbered, until `total_bytes`; returns (bytes, words)."""
    dir_.mkdir(parents=True, exist_ok=True)
    articles = [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "corpus").iterdir())
        if p.suffix in (".md", ".txt") and p.name != "README.md"
    ]
    written, words, i = 0, 0, 0
    while written < total_bytes:
        text = vary(articles[i % len(articles)], i)
        ext = ".md" if i % 3 == 0 else ".txt"
        (dir_ / f"article-{i:05}{ext}").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        words += word_count(text)
        i += 1
    return written, words


def article(words: int, seed: int) -> str:
    """A Markdown article of about `words` words: corpus paragraphs from a point that
    depends on `seed`, a subheading every eight paragraphs."""
    out = [f"# Generated article {seed}"]
    count, i = 0, seed * 7
    while count < words:
        if len(out) % 9 == 8:
            out.append(f"## Part {len(out) // 9 + 1}")
        paragraph = vary(PARAGRAPHS[i % len(PARAGRAPHS)], seed)
        out.append(paragraph)
        count += word_count(paragraph)
        i += 1
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------------------- --check


def timed(binary, args, env=None, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(
            [binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"copydesk {' '.join(args)} exited {proc.returncode}")
    return min(times)


def check_figures(binary, settings, tmp: Path, say):
    one, ten = tmp / "1x", tmp / "10x"
    one_bytes, _ = generate_corpus(one, settings.one_x_bytes)
    ten_bytes, ten_words = generate_corpus(ten, settings.ten_x_bytes)
    say(
        f"--check: {ten_bytes / 1e6:.1f} MB, {ten_words:,} words in "
        f"{len(list(ten.iterdir()))} articles; {os.cpu_count()} threads; "
        f"best of {settings.check_runs}"
    )
    single = dict(os.environ, RAYON_NUM_THREADS="1")
    args = ["--check", "--format", "json"]
    t1 = timed(binary, [*args, str(ten)], env=single, runs=settings.check_runs)
    tn = timed(binary, [*args, str(ten)], runs=settings.check_runs)
    t_one = timed(binary, [*args, str(one)], env=single, runs=settings.check_runs)
    empty = tmp / "empty.txt"
    empty.write_text("")
    sentence = tmp / "sentence.txt"
    sentence.write_text(PARAGRAPHS[0].split(". ")[0] + ".\n")

    def startup(path):
        runs = settings.startup_runs
        return statistics.median(timed(binary, ["--check", str(path)], runs=1) for _ in range(runs))

    return {
        "check_mb_per_s_1_thread": ten_bytes / 1e6 / t1,
        "check_words_per_s_1_thread": ten_words / t1,
        "check_mb_per_s_all_threads": ten_bytes / 1e6 / tn,
        "check_words_per_s_all_threads": ten_words / tn,
        "time_1x_s": t_one,
        "time_10x_s": t1,
        # The time for exactly ten times the 1x input, in units of the 1x time.
        "scaling_10x_over_1x": t1 / t_one * (one_bytes / ten_bytes) * 10,
        "startup_ms": startup(empty) * 1000,
        # Start-up that an empty file skips: rule data compiled on first use.
        "first_sentence_ms": startup(sentence) * 1000,
    }


# ---------------------------------------------------------------------------- server


class Server:
    """The language server as a child process, spoken to like an editor speaks to it."""

    def __init__(self, binary, cwd):
        self.proc = subprocess.Popen(
            [binary, "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
        )
        self.next_id = 0
        self.frames = queue.Queue()
        threading.Thread(target=self.read_frames, daemon=True).start()
        spawned = time.perf_counter()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": None,
                "capabilities": {},
                "initializationOptions": {"debounceMs": 0},
            },
        )
        self.initialize_ms = (time.perf_counter() - spawned) * 1000
        self.notify("initialized", {})

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read_frames(self):
        """Drain the server's output as it comes, so neither side blocks on a full pipe;
        each frame is stamped with when its last byte arrived (before it is decoded, so the
        client's JSON parsing is not counted against the server)."""
        stdout = self.proc.stdout
        while True:
            length = None
            while True:
                line = stdout.readline()
                if not line:
                    self.frames.put((None, None))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = stdout.read(length)
            self.frames.put((body, time.perf_counter()))

    def receive(self):
        """The next message and its arrival time."""
        body, arrived = self.frames.get(timeout=600)
        if body is None:
            sys.exit(f"the language server closed its output (exit {self.proc.wait()})")
        message = json.loads(body)
        if "id" in message and "method" in message:
            # A request from the server (registerCapability, configuration…): accept it.
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
        return message, arrived

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message, _ = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def diagnostics(self, uri, version):
        """Wait for the diagnostics of `uri` at `version`: (count, arrival time)."""
        return self.all_diagnostics([uri], version)[uri]

    def all_diagnostics(self, uris, version):
        """Wait for the diagnostics of every one of `uris` at `version`, in any order:
        uri → (count, arrival time)."""
        waiting, found = set(uris), {}
        while waiting:
            message, arrived = self.receive()
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] in waiting and params.get("version") == version:
                waiting.remove(params["uri"])
                found[params["uri"]] = (len(params["diagnostics"]), arrived)
        return found

    def open(self, uri, text):
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )

    def memory_mb(self):
        """(VmRSS, VmHWM) of the server in MB."""
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
        return fields["VmRSS"], fields["VmHWM"]

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def utf16_units(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def keystroke_positions(text: str, places: int = 8):
    """Ten characters into the first prose line at or after each of `places` evenly spread
    points of `text`. One place is one kind of edit (inside a name, a quotation or a plain
    word), and the cost of an edit depends on its kind more than on the document's size: the
    same spread at every size compares like with like."""
    lines = text.split("\n")
    positions = []
    for place in range(places):
        line = len(lines) * (2 * place + 1) // (2 * places)
        while line < len(lines) and (len(lines[line]) < 40 or lines[line].startswith("#")):
            line += 1
        if line < len(lines) and all(line != taken for taken, _ in positions):
            positions.append((line, utf16_units(lines[line][:10])))
    return positions


def percentile(sorted_values, p):
    return sorted_values[round((len(sorted_values) - 1) * p)]


def latency(binary, settings, tmp: Path, words: int, say):
    """In ms: first diagnostics after didOpen in a fresh server (cold) and the median over
    more fresh documents in the same server (warm); keystroke p50 and p99."""
    server = Server(binary, tmp)
    opens = []
    for seed in range(1 + settings.opens):
        text = article(words, seed)
        uri = f"file://{tmp}/open-{words}-{seed}.md"
        start = time.perf_counter()
        server.open(uri, text)
        found, arrived = server.diagnostics(uri, 1)
        opens.append((arrived - start) * 1000)
    cold, warm = opens[0], statistics.median(opens[1:])
    initialize = server.initialize_ms
    positions = keystroke_positions(text)
    times = []
    for version in range(2, 2 + settings.warmup_keystrokes + settings.keystrokes):
        # Type a letter, then delete it: the text stays the same article throughout. Each
        # pair goes to the next of the spread places.
        line, column = positions[(version - 2) // 2 % len(positions)]
        end = column + (version % 2)
        change = {
            "range": {
                "start": {"line": line, "character": column},
                "end": {"line": line, "character": end},
            },
            "text": "x" if version % 2 == 0 else "",
        }
        start = time.perf_counter()
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        _, arrived = server.diagnostics(uri, version)
        times.append((arrived - start) * 1000)
    server.close()
    times = sorted(times[settings.warmup_keystrokes :])
    p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
    say(
        f"server, {word_count(text):,} words ({len(text.encode()) // 1024} KB, {found} findings): "
        f"initialize {initialize:.1f} ms; first diagnostics {cold:.1f} ms cold, {warm:.1f} ms warm; "
        f"keystroke p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(times)} at {len(positions)} places"
    )
    return initialize, cold, warm, p50, p99


def memory(binary, settings, tmp: Path, say):
    server = Server(binary, tmp)
    idle, _ = server.memory_mb()
    uris = []
    for seed in range(settings.open_docs):
        uri = f"file://{tmp}/memory-{seed}.md"
        server.open(uri, article(2_000, seed))
        uris.append(uri)
    server.all_diagnostics(uris, 1)
    rss, peak = server.memory_mb()
    server.close()
    say(
        f"server memory: {idle:.1f} MB idle; {rss:.1f} MB with {len(uris)} open 2k-word "
        f"articles (peak {peak:.1f} MB)"
    )
    return idle, rss, peak


def server_figures(binary, settings, tmp: Path, say):
    figures = {}
    for words, label in ((1_000, "1k"), (5_000, "5k"), (20_000, "20k")):
        initialize, cold, warm, p50, p99 = latency(binary, settings, tmp, words, say)
        figures[f"lsp_keystroke_p50_{label}_ms"] = p50
        figures[f"lsp_keystroke_p99_{label}_ms"] = p99
        if label == "20k":
            figures["lsp_initialize_ms"] = initialize
            figures["lsp_first_diagnostics_20k_ms"] = cold
            figures["lsp_open_20k_warm_ms"] = warm
    figures["lsp_p99_20k_over_1k"] = (
        figures["lsp_keystroke_p99_20k_ms"] / figures["lsp_keystroke_p99_1k_ms"]
    )
    idle, rss, peak = memory(binary, settings, tmp, say)
    figures["lsp_rss_idle_mb"] = idle
    figures["lsp_rss_100_docs_2k_mb"] = rss
    figures["lsp_peak_rss_100_docs_2k_mb"] = peak
    return figures


# ---------------------------------------------------------------------------- report


def number(value):
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def verdict(name, value, baseline, quick):
    """Ratio to the baseline, and whether that is a change beyond noise (not judged for a
    quick run, whose inputs differ from the baseline's)."""
    base = baseline.get(name)
    if not base:
        return "-", ""
    ratio = value / base
    if quick:
        return f"{ratio:.2f}", ""
    better = ratio > 1 if FIGURES[name][1] == HIGHER else ratio < 1
    if abs(ratio - 1) <= NOISE:
        return f"{ratio:.2f}", ""
    return f"{ratio:.2f}", "better" if better else "WORSE"


def meets(name, value):
    target = FIGURES[name][2]
    if target is None:
        return ""
    op, bound = target
    ok = value >= bound if op == ">=" else value <= bound
    return f"{'≥' if op == '>=' else '≤'} {bound:,} {'ok' if ok else 'missed'}"


def report(figures, baseline, quick):
    print()
    print(f"{'figure':32} {'unit':>7} {'now':>11} {'baseline':>11} {'ratio':>6} {'':6}  target")
    for name, value in figures.items():
        unit, way, _ = FIGURES[name]
        ratio, change = verdict(name, value, baseline, quick)
        print(
            f"{name:32} {unit:>7} {number(value):>11} {number(baseline.get(name)):>11} "
            f"{ratio:>6} {change:6}  {meets(name, value)}"
        )
    print(f"ratio = now / baseline; a change over {NOISE:.0%} is marked better or WORSE")


def describe_machine():
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{time.strftime('%Y-%m-%d', time.gmtime())}, commit {commit}, "
        f"{os.cpu_count()} threads, {os.uname().machine}, load average {os.getloadavg()[0]:.1f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True, help="the copydesk binary to measure")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer samples")
    parser.add_argument("--save-baseline", action="store_true", help="write benches/baseline.json")
    args = parser.parse_args()
    if args.quick and args.save_baseline:
        sys.exit("--quick figures are not comparable: run without --quick to save a baseline")
    settings = Settings(args.quick)
    binary = str(Path(args.binary).resolve())

    def say(line):
        print(line, flush=True)

    say(f"machine: {describe_machine()} (figures are wall time: load slows them)")
    if args.quick:
        say("quick run: a tenth of the input and few samples; ratios are indicative only")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        figures = check_figures(binary, settings, tmp, say)
        figures.update(server_figures(binary, settings, tmp, say))
    stored = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    say(f"baseline: {stored.get('_measured', 'not dated') if stored else 'none'}")
    report({name: figures[name] for name in FIGURES}, stored, args.quick)
    if args.save_baseline:
        saved = {"_measured": describe_machine()}
        saved.update({name: round(figures[name], 4) for name in FIGURES})
        BASELINE.write_text(json.dumps(saved, indent=2) + "\n")
        say(f"saved {BASELINE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

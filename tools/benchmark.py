"""Measure how fast the book builds and how heavy it is to read; check the budgets.

    python tools/benchmark.py            (or: make benchmark)

Not a test: the figures depend on the machine and on what else runs on it. Every
build runs in a scratch copy of the working tree (with links to the repository's
.venv and node_modules), so the repository is never modified. Measured:

* a cold full build from a clean tree (`make book-strict`), and each notebook's
  execution time as myst-nb reports it in that build;
* `make book` again with nothing changed;
* `make book` after editing a code cell of one notebook (and which notebooks re-ran);
* `make book` after editing one CSV file in data/ (and which notebooks re-ran);
* the nbval suite (`pytest --nbval book/`);
* the size of the installed environment (.venv + node_modules) and of the built site;
* each page's transfer weight: its HTML gzip-compressed plus the assets only it uses
  (text compressed, images as they are); assets that several pages share, the theme's
  among them, are counted once, separately;
* Lighthouse (accessibility, best practices) on the home page and a notebook page,
  served on 127.0.0.1 to Debian's Chromium.

It prints a table and writes it to benchmarks/latest.md.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from localsite import CHROMIUM, CHROMIUM_FLAGS, serve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "latest.md"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_FLAGS])
MB = 1024 * 1024
BUDGETS = {
    "notebook": 5.0,           # seconds, each notebook's execution
    "cold": 90.0,              # seconds, cold full build
    "noop": 5.0,               # seconds, rebuild with nothing changed
    "page": 1.5 * MB,          # bytes transferred (compressed), page-own assets
    "accessibility": 100,      # Lighthouse score
    "best-practices": 95,
}
TEXT_SUFFIXES = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".ttf", ".eot"}
LIGHTHOUSE_PAGES = ["book/index.html", "book/timeline.html"]


def scratch_copy() -> Path:
    """The working tree's files (tracked and new, not ignored) in a temporary folder."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout.decode().split("\0")
    target = Path(tempfile.mkdtemp(prefix="wdl-benchmark-"))
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for shared in (".venv", "node_modules"):
        (target / shared).symlink_to(ROOT / shared)
    return target


def run_make(tree: Path, target: str, step: str) -> tuple[float, str]:
    """Run a make target in the scratch tree; its log is kept in benchmarks/<step>.log.tmp."""
    start = time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", target], cwd=tree, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = done.stdout + done.stderr
    OUT.parent.mkdir(exist_ok=True)
    (OUT.parent / f"{step}.log.tmp").write_text(log, encoding="utf-8")
    if done.returncode != 0:
        sys.exit(f"`make {target}` failed in {tree}:\n{log[-5000:]}")
    return seconds, log


def executed(log: str) -> dict[str, float]:
    """Notebooks that myst-nb executed in a build, with their execution seconds."""
    return {Path(m.group(1)).name: float(m.group(2))
            for m in re.finditer(r"(\S+\.ipynb): Executed notebook in ([\d.]+) seconds", log)}


def cache_hits(log: str) -> set[str]:
    """Notebooks whose outputs came from jupyter-cache (their code matched a cached run)."""
    return {Path(m.group(1)).name for m in re.finditer(r"(\S+\.ipynb): Using cached notebook", log)}


def edit_notebook(tree: Path) -> str:
    """Add a comment line to the last code cell of the notebook with the most code; returns its name."""
    def code_cells(path: Path) -> int:
        return sum(c["cell_type"] == "code" for c in json.loads(path.read_text(encoding="utf-8"))["cells"])

    path = max(sorted((tree / "book").glob("*.ipynb")), key=code_cells)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = [c for c in notebook["cells"] if c["cell_type"] == "code"][-1]
    source = "".join(cell["source"])
    cell["source"] = source + "\n# edited by tools/benchmark.py"
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path.name


def edit_csv(tree: Path) -> str:
    """Change the text of one row of data/events.csv (still valid); returns the file name."""
    path = tree / "data" / "events.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["description"] = rows[0]["description"].rstrip(".") + " (edited)."
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path.name


def size(path: Path) -> int:
    if path.is_symlink():
        path = path.resolve()
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def transfer_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return len(gzip.compress(data, compresslevel=6))
    return len(data)  # images and woff fonts are already compressed


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "script") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & {
                "stylesheet", "preload", "icon", "modulepreload"}:
            self.urls.append(attrs["href"])


def page_weights(html_root: Path):
    """Per page: compressed HTML and page-own assets; and the shared assets, counted once."""
    pages = sorted(p for p in html_root.rglob("*.html") if not p.relative_to(html_root).parts[0].startswith("_"))
    uses: dict[Path, set[Path]] = {}
    for page in pages:
        parser = Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        files = set()
        for url in parser.urls:
            if "://" in url or url.startswith("data:"):
                continue
            target = (page.parent / urlsplit(url).path).resolve()
            if target.is_file():
                files.add(target)
        uses[page] = files
    users = defaultdict(int)
    for files in uses.values():
        for f in files:
            users[f] += 1
    shared = {f for f, n in users.items() if n > 1}
    rows = []
    for page, files in uses.items():
        own = sum(transfer_size(f) for f in files - shared)
        everything = transfer_size(page) + sum(transfer_size(f) for f in files)
        rows.append((page.relative_to(html_root).as_posix(), transfer_size(page) + own, everything))
    return rows, sum(transfer_size(f) for f in shared), len(shared)


def lighthouse(html_root: Path) -> dict[str, dict[str, int]]:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists() or not Path(CHROMIUM).exists():
        return {}

    scores = {}
    with serve(html_root) as url:
        for page in LIGHTHOUSE_PAGES:
            with tempfile.TemporaryDirectory() as tmp:
                report = Path(tmp) / "report.json"
                subprocess.run(
                    [str(binary), f"{url}{page}", "--quiet",
                     "--only-categories=accessibility,best-practices", "--output=json",
                     f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS} --user-data-dir={tmp}/profile",
                     "--form-factor=desktop", "--screenEmulation.disabled", "--throttling-method=provided"],
                    env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300,
                )
                if not report.exists():
                    scores[page] = {"accessibility": -1, "best-practices": -1}
                    continue
                data = json.loads(report.read_text())
                scores[page] = {name: round(100 * (cat["score"] or 0)) for name, cat in data["categories"].items()}
                scores[page]["failed"] = sorted(
                    audit_id for cat in data["categories"].values() for ref in cat["auditRefs"]
                    if ref["weight"] > 0 and (audit_id := ref["id"]) in data["audits"]
                    and data["audits"][audit_id]["score"] is not None and data["audits"][audit_id]["score"] < 1)
    return scores


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def main() -> int:
    tree = scratch_copy()
    try:
        cold, log = run_make(tree, "book-strict", "cold")
        notebooks = executed(log)
        # notebooks with the same code (stubs) share one cache record: the first runs, the rest reuse it
        shared_code = cache_hits(log)
        run_make(tree, "book", "first")  # records the inputs' hash, as an everyday `make book` would
        noop, log = run_make(tree, "book", "noop")
        noop_ran = executed(log)
        edited = edit_notebook(tree)
        one_nb, log = run_make(tree, "book", "notebook-edited")
        one_nb_ran = executed(log)
        edited_csv = edit_csv(tree)
        one_csv, log = run_make(tree, "book", "csv-edited")
        one_csv_ran = executed(log)
        start = time.perf_counter()
        nbval = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "book"],
                               cwd=tree, capture_output=True, text=True)
        nbval_seconds = time.perf_counter() - start
        html_root = tree / "_build" / "html"
        site = size(html_root)
        weights, shared_bytes, shared_count = page_weights(html_root)
        scores = lighthouse(html_root)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    env = {name: size(ROOT / name) for name in (".venv", "node_modules") if (ROOT / name).exists()}

    slow = {k: v for k, v in notebooks.items() if v >= BUDGETS["notebook"]}
    heavy = [w for w in weights if w[1] > BUDGETS["page"]]
    lines = [
        "# Benchmark",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `make benchmark` on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}); timings vary with the machine's load.",
        "",
        "| measure | value | budget | |",
        "| --- | ---: | ---: | --- |",
        f"| cold full build (`make book-strict`) | {cold:.1f} s | < {BUDGETS['cold']:.0f} s | {verdict(cold < BUDGETS['cold'])} |",
        f"| rebuild, nothing changed (`make book`) | {noop:.1f} s | < {BUDGETS['noop']:.0f} s | {verdict(noop < BUDGETS['noop'])} |",
        f"| rebuild after editing `{edited}` | {one_nb:.1f} s, re-ran: {', '.join(sorted(one_nb_ran)) or 'none'} "
        f"| only that notebook | {verdict(set(one_nb_ran) == {edited})} |",
        f"| rebuild after editing `data/{edited_csv}` | {one_csv:.1f} s, re-ran {len(one_csv_ran)} notebooks "
        f"({', '.join(sorted(one_csv_ran))}) | (`make book` re-runs every notebook when data/ changes) | |",
        f"| slowest notebook execution | {max(notebooks.values()):.1f} s ({max(notebooks, key=notebooks.get)}) "
        f"| < {BUDGETS['notebook']:.0f} s each | {verdict(not slow)} |",
        f"| nbval suite (`pytest --nbval book/`) | {nbval_seconds:.1f} s ({nbval.stdout.strip().splitlines()[-1] if nbval.stdout.strip() else 'no output'}) | | |",
        f"| installed environment | .venv {env.get('.venv', 0) / MB:.0f} MB + node_modules {env.get('node_modules', 0) / MB:.0f} MB | | |",
        f"| built site (`_build/html`) | {site / MB:.1f} MB | | |",
        f"| shared assets (theme, scripts; {shared_count} files, compressed) | {shared_bytes / MB:.2f} MB | | |",
        f"| heaviest page (compressed, own assets) | {max(w[1] for w in weights) / 1024:.0f} kB ({max(weights, key=lambda w: w[1])[0]}) "
        f"| < {BUDGETS['page'] / MB:.1f} MB | {verdict(not heavy)} |",
    ]
    for page, result in scores.items():
        for category, budget in (("accessibility", BUDGETS["accessibility"]), ("best-practices", BUDGETS["best-practices"])):
            lines.append(f"| Lighthouse {category}, `{page}` | {result[category]} | ≥ {budget} | "
                         f"{verdict(result[category] >= budget)} |")
    if not scores:
        lines.append("| Lighthouse | not run (node_modules or Chromium missing: `make setup`) | | |")
    lines += ["", "Notebook execution (myst-nb, cold build):", "",
              "| notebook | seconds |", "| --- | ---: |"]
    lines += [f"| {name} | {secs:.2f} |" for name, secs in sorted(notebooks.items())]
    lines += [f"| {name} | cache hit (same code as a notebook above) |" for name in sorted(shared_code - set(notebooks))]
    lines += ["", "Page transfer weight (gzip; first visit = the page plus every asset it references):", "",
              "| page | own (kB) | first visit (kB) |", "| --- | ---: | ---: |"]
    lines += [f"| {page} | {own / 1024:.0f} | {total / 1024:.0f} |" for page, own, total in sorted(weights)]
    failed = {page: r.get("failed") for page, r in scores.items() if r.get("failed")}
    if failed:
        lines += ["", "Lighthouse audits not passed: " + "; ".join(f"{p}: {', '.join(a)}" for p, a in failed.items())]
    if noop_ran:
        lines += ["", f"Note: the no-change rebuild re-executed {', '.join(sorted(noop_ran))}."]
    text = "\n".join(lines) + "\n"
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure how fast the book builds and how heavy it is to read; check the budgets.

    python tools/benchmark.py            (or: make benchmark)

Not a test: the figures depend on the machine and on what else runs on it, so the time
budgets are ratios measured in the same run, not seconds (the same commit's cold build took
30 s on one machine and 70 s on another). Every build runs in a scratch copy of the working
tree (with links to the repository's .venv and node_modules), so the repository is never
modified. Measured:

* a cold full build from a clean tree (`make book-strict`), and each notebook's execution time
  as myst-nb reports it;
* each notebook's execution against a trivial notebook that only runs the setup cell and
  imports the libraries the notebooks import, both run with nbclient (kernel start included),
  in pairs, the median of three: budget 1.5 times the trivial one;
* `make book` again with nothing changed (the median of three): budget 15% of the cold build;
* `make book` after editing a code cell of one notebook: only that notebook re-runs;
* `make book` after editing one CSV file in data/ (and which notebooks re-ran);
* the nbval suite (`pytest --nbval book/`);
* the size of the installed environment (.venv + node_modules) and of the built site;
* each page's first visit as Chromium loads it from a local server that compresses text as a
  static host does (tools/localsite.py), with an empty cache, read to the end (scrolled to each
  widget and to the bottom): every byte transferred, the theme's shared assets, fonts and
  scripts loaded by other scripts or on demand included; budget 800 kB;
* Lighthouse (performance on its default simulated mobile device, accessibility, best
  practices) on the home page, the timeline and the claims page, served the same way; the
  median of three runs per page, and the range of the performance scores.

It prints a table and writes it to benchmarks/latest.md.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from localsite import CHROMIUM, CHROMIUM_FLAGS, serve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "latest.md"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_FLAGS])
MB = 1024 * 1024
BUDGETS = {
    "notebook": 1.5,           # each notebook's execution / the trivial notebook's
    "noop": 0.15,              # rebuild with nothing changed / cold build
    "page": 800 * 1024,        # bytes transferred on a first visit (compressed), everything included
    "performance": 90,         # Lighthouse scores (mobile)
    "accessibility": 100,
    "best-practices": 95,
}
LIGHTHOUSE_PAGES = ["book/index.html", "book/timeline.html", "book/claims.html"]
CATEGORIES = ["performance", "accessibility", "best-practices"]


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


_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.M)


def trivial_notebook(tree: Path) -> dict:
    """A notebook that does nothing but what every notebook must: the setup cell (the first
    code cell of the notebooks, where it makes `wdl` importable) and an import of each library
    the notebooks import."""
    import nbformat

    modules, setup = set(), None
    for path in sorted((tree / "book").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        code = [c.source for c in notebook.cells if c.cell_type == "code"]
        if code and setup is None and "wdl" in code[0]:
            setup = code[0]
        for source in code:
            modules.update(m.group(1) or m.group(2) for m in _IMPORT.finditer(source))
    cells = ([nbformat.v4.new_code_cell(setup)] if setup else []) + [
        nbformat.v4.new_code_cell("\n".join(f"import {m}" for m in sorted(modules)))]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def _execute(notebook, folder: Path) -> float:
    """Seconds to execute a notebook in ``folder`` with nbclient, kernel start included (as
    jupyter-cache, and so myst-nb, times the book's notebooks)."""
    from nbclient import NotebookClient

    start = time.perf_counter()
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - start


def time_trivial_notebook(tree: Path, runs: int = 3) -> float:
    """Median seconds to execute the trivial notebook in book/."""
    import statistics

    return statistics.median(_execute(trivial_notebook(tree), tree / "book") for _ in range(runs))


def notebook_ratios(tree: Path, runs: int = 3) -> dict[str, float]:
    """Each notebook's execution time over the trivial notebook's, each notebook run right
    after a run of the trivial one, the median of ``runs`` pairs: the machine's load, which
    varies during a run on a shared machine, weighs on both sides of each pair alike."""
    import statistics

    import nbformat

    ratios = {}
    for path in sorted((tree / "book").glob("*.ipynb")):
        pairs = []
        for _ in range(runs):
            trivial = _execute(trivial_notebook(tree), tree / "book")
            pairs.append(_execute(nbformat.read(path, as_version=4), tree / "book") / trivial)
        ratios[path.name] = statistics.median(pairs)
    return ratios


def pages_of(html_root: Path) -> list[str]:
    return sorted(p.relative_to(html_root).as_posix() for p in html_root.rglob("*.html")
                  if not p.relative_to(html_root).parts[0].startswith("_"))


def first_visits(html_root: Path) -> dict[str, tuple[int, int]]:
    """Per page: (bytes transferred on a first visit, requests), loaded by Chromium from the
    compressing local server with an empty cache, until the network is idle."""
    from playwright.sync_api import sync_playwright

    weights = {}
    with serve(html_root) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for page_path in pages_of(html_root):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            done = []
            page.on("requestfinished", lambda request: done.append(request))
            page.goto(url + page_path, wait_until="networkidle")
            # what a reader who reads the whole page downloads: scroll to each widget (the widget
            # manager loads when one nears the screen) and to the end of the page
            page.evaluate("""async () => {
                for (const view of document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')) {
                    view.parentElement.scrollIntoView();
                    await new Promise(done => setTimeout(done, 200));
                }
                window.scrollTo(0, document.body.scrollHeight);
            }""")
            if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
                page.wait_for_function("() => !!window.require")  # the widget manager's loader started
            page.wait_for_timeout(500)
            page.wait_for_load_state("networkidle")
            total = 0
            for request in done:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            weights[page_path] = (total, len(done))
            context.close()
        browser.close()
    return weights


def _lighthouse_once(url: str) -> dict | None:
    cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        # Lighthouse's defaults: a mobile device on a throttled network, simulated
        subprocess.run(
            ["node", str(cli), url, "--quiet", f"--only-categories={','.join(CATEGORIES)}", "--output=json",
             f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS} --user-data-dir={tmp}/profile"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300,
        )
        return json.loads(report.read_text()) if report.exists() else None


def lighthouse(html_root: Path, runs: int = 3) -> dict[str, dict]:
    """Per page, the median of ``runs`` Lighthouse runs (by performance score, as Lighthouse's
    own guidance suggests for scores that vary from run to run), with the range seen."""
    cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists() or not Path(CHROMIUM).exists():
        return {}

    scores = {}
    with serve(html_root) as url:
        for page in LIGHTHOUSE_PAGES:
            reports = [r for r in (_lighthouse_once(f"{url}{page}") for _ in range(runs)) if r]
            if not reports:
                scores[page] = {name: -1 for name in CATEGORIES}
                continue
            performance = sorted(round(100 * (r["categories"]["performance"]["score"] or 0)) for r in reports)
            data = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)[len(reports) // 2]
            scores[page] = {name: round(100 * (cat["score"] or 0)) for name, cat in data["categories"].items()}
            scores[page]["range"] = (performance[0], performance[-1], len(performance))
            audits = data["audits"]
            scores[page]["metrics"] = {
                name: audits[name]["displayValue"] for name in (
                    "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                    "cumulative-layout-shift", "speed-index", "total-byte-weight") if name in audits}
            scores[page]["failed"] = sorted(
                audit_id for cat in data["categories"].values() for ref in cat["auditRefs"]
                if ref["weight"] > 0 and (audit_id := ref["id"]) in audits
                and audits[audit_id]["score"] is not None and audits[audit_id]["score"] < 0.9)
    return scores


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def main() -> int:
    tree = scratch_copy()
    try:
        cold, log = run_make(tree, "book-strict", "cold")
        notebooks = executed(log)
        trivial = time_trivial_notebook(tree)
        ratios = notebook_ratios(tree)
        # notebooks with the same code (stubs) share one cache record: the first runs, the rest reuse it
        shared_code = cache_hits(log)
        run_make(tree, "book", "first")  # records the inputs' hash, as an everyday `make book` would
        # the median of three no-change rebuilds
        noops = [run_make(tree, "book", "noop") for _ in range(3)]
        noop, log = sorted(noops)[1]
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
        weights = first_visits(html_root)
        scores = lighthouse(html_root)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    env = {name: size(ROOT / name) for name in (".venv", "node_modules") if (ROOT / name).exists()}

    slow = {k: v for k, v in ratios.items() if v > BUDGETS["notebook"]}
    slowest = max(ratios, key=ratios.get)
    heavy = {page: w for page, w in weights.items() if w[0] > BUDGETS["page"]}
    heaviest = max(weights, key=lambda page: weights[page][0])
    kb = 1024
    lines = [
        "# Benchmark",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `make benchmark` on {os.cpu_count()} cores "
        f"({platform.machine()}, Python {platform.python_version()}); seconds vary with the machine and its load, "
        "so the time budgets are ratios measured in this run.",
        "",
        "| measure | value | budget | |",
        "| --- | ---: | ---: | --- |",
        f"| cold full build (`make book-strict`) | {cold:.1f} s | | |",
        f"| rebuild, nothing changed (`make book`) | {noop:.1f} s = {noop / cold:.0%} of the cold build "
        f"| ≤ {BUDGETS['noop']:.0%} | {verdict(noop / cold <= BUDGETS['noop'])} |",
        f"| rebuild after editing `{edited}` | {one_nb:.1f} s, re-ran: {', '.join(sorted(one_nb_ran)) or 'none'} "
        f"| only that notebook | {verdict(set(one_nb_ran) == {edited})} |",
        f"| rebuild after editing `data/{edited_csv}` | {one_csv:.1f} s, re-ran {len(one_csv_ran)} notebooks "
        f"| (`make book` re-runs every notebook when data/ changes) | |",
        f"| trivial notebook (setup cell and the notebooks' imports) | {trivial:.2f} s | | |",
        f"| slowest notebook execution, against the trivial one | {ratios[slowest]:.2f}× ({slowest}) "
        f"| ≤ {BUDGETS['notebook']}× each | {verdict(not slow)} |",
        f"| nbval suite (`pytest --nbval book/`) | {nbval_seconds:.1f} s ({nbval.stdout.strip().splitlines()[-1] if nbval.stdout.strip() else 'no output'}) | | |",
        f"| installed environment | .venv {env.get('.venv', 0) / MB:.0f} MB + node_modules {env.get('node_modules', 0) / MB:.0f} MB | | |",
        f"| built site (`_build/html`) | {site / MB:.1f} MB | | |",
        f"| heaviest first visit (compressed, everything loaded) | {weights[heaviest][0] / kb:.0f} kB ({heaviest}) "
        f"| ≤ {BUDGETS['page'] / kb:.0f} kB each | {verdict(not heavy)}{f' ({len(heavy)} pages over)' if heavy else ''} |",
        f"| lightest first visit | {min(w[0] for w in weights.values()) / kb:.0f} kB "
        f"({min(weights, key=lambda page: weights[page][0])}) | | |",
    ]
    for page, result in scores.items():
        for category in CATEGORIES:
            budget = BUDGETS[category]
            seen = ""
            if category == "performance" and result.get("range"):
                low, high, runs = result["range"]
                seen = f" (median of {runs} runs: {low}-{high})"
            lines.append(f"| Lighthouse {category} (mobile), `{page}` | {result[category]}{seen} | ≥ {budget} | "
                         f"{verdict(result[category] >= budget)} |")
    if not scores:
        lines.append("| Lighthouse | not run (node_modules or Chromium missing: `make setup`) | | |")
    metrics = {page: r["metrics"] for page, r in scores.items() if r.get("metrics")}
    if metrics:
        names = list(next(iter(metrics.values())))
        lines += ["", "Lighthouse's measurements (simulated mobile device and network):", "",
                  "| page | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
        lines += [f"| {page} | " + " | ".join(str(m.get(n, "")).replace("\u00a0", " ") for n in names) + " |"
                  for page, m in metrics.items()]
    lines += ["", "Notebook execution: seconds as myst-nb reports them in the cold build; ratio to the "
              f"trivial notebook ({trivial:.2f} s), each notebook run with nbclient right after it, median "
              "of three pairs:", "", "| notebook | seconds | ratio |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {notebooks.get(name, float('nan')):.2f} | {ratio:.2f}× |" for name, ratio in sorted(ratios.items())]
    lines += [f"| {name} | cache hit (same code as a notebook above) | |" for name in sorted(shared_code - set(notebooks))]
    lines += ["", "First visit to each page (Chromium, empty cache, served gzip-compressed; every request "
              "until the network is idle, the shared theme assets included):", "",
              "| page | kB | requests |", "| --- | ---: | ---: |"]
    lines += [f"| {page} | {total / kb:.0f} | {count} |" for page, (total, count) in sorted(weights.items())]
    failed = {page: r.get("failed") for page, r in scores.items() if r.get("failed")}
    if failed:
        lines += ["", "Lighthouse audits scoring under 0.9: " + "; ".join(f"{p}: {', '.join(a)}" for p, a in failed.items())]
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

"""Check the URLs of data/sources.csv and report the dead ones.

    python tools/check_links.py [data/sources.csv] [--report dead-links.md] [--workers 8] [--timeout 20]

Each URL is asked for with HEAD (GET when the server refuses HEAD). A link is

* ``dead`` when the server answers 404 or 410, or the host does not resolve or refuses the
  connection: the document has to be found again, or the source repointed;
* ``unchecked`` when the answer says nothing about the document (401, 403, 429, a 5xx, a time-out,
  a TLS error): many news sites turn away scripts, so these are listed but not counted as dead;
* ``ok`` otherwise (redirects are followed).

Prints a Markdown report (and writes it to ``--report``); exits 1 when a link is dead. Run weekly
by .github/workflows/links.yml, where it does not block anything. Standard library only, so it
runs without the book's virtual environment; tests/test_check_links.py runs it against a local
server, never the internet.
"""

from __future__ import annotations

import argparse
import csv
import socket
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DEAD_STATUSES = {404, 410}
RETRY_WITH_GET = {403, 405, 501}  # servers that refuse HEAD, or refuse it wrongly
USER_AGENT = "Mozilla/5.0 (compatible; where-the-data-lives link check)"


@dataclass(frozen=True)
class Result:
    source_id: str
    url: str
    verdict: str  # ok | dead | unchecked
    detail: str  # the status code or the error


def _request(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _unreachable(exc: BaseException) -> bool:
    """The host does not exist or nothing listens there (as opposed to a slow or picky server)."""
    reason = getattr(exc, "reason", exc)
    return isinstance(reason, (socket.gaierror, ConnectionRefusedError))


def check(source_id: str, url: str, timeout: float = 20) -> Result:
    try:
        status = _request(url, "HEAD", timeout)
        if status in RETRY_WITH_GET:
            status = _request(url, "GET", timeout)
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the run
        reason = getattr(exc, "reason", exc)
        verdict = "dead" if _unreachable(exc) else "unchecked"
        return Result(source_id, url, verdict, f"{type(reason).__name__}: {reason}")
    if status in DEAD_STATUSES:
        return Result(source_id, url, "dead", f"HTTP {status}")
    if status >= 400:
        return Result(source_id, url, "unchecked", f"HTTP {status}")
    return Result(source_id, url, "ok", f"HTTP {status}")


def read_sources(path: Path) -> list[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return [(row["source_id"], row["url"]) for row in csv.DictReader(fh) if row.get("url")]


def check_all(sources, workers: int = 8, timeout: float = 20) -> list[Result]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda s: check(*s, timeout=timeout), sources))


def report(results: list[Result], path: str) -> str:
    dead = [r for r in results if r.verdict == "dead"]
    unchecked = [r for r in results if r.verdict == "unchecked"]
    lines = [
        f"# Links of {path}",
        "",
        f"{len(results)} URLs: {len(results) - len(dead) - len(unchecked)} ok, "
        f"{len(dead)} dead, {len(unchecked)} could not be checked.",
    ]
    for title, rows in [("Dead", dead), ("Could not be checked (not counted as dead)", unchecked)]:
        if rows:
            lines += ["", f"## {title}", "", "| source_id | url | answer |", "| --- | --- | --- |"]
            lines += [f"| `{r.source_id}` | {r.url} | {r.detail.replace('|', '/')} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="?", default="data/sources.csv")
    parser.add_argument("--report", help="also write the Markdown report to this file")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args(argv)
    results = check_all(read_sources(Path(args.sources)), args.workers, args.timeout)
    text = report(results, args.sources)
    print(text, end="")
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
    return 1 if any(r.verdict == "dead" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

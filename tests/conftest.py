"""Shared fixtures: a small valid copy of the dataset that tests can break."""

import csv
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The data the data tests check: data/, or a scratch copy named by $WDL_DATA_DIR (which the
# loader honours too), e.g. to try a planted row without touching data/.
DATA = Path(os.environ.get("WDL_DATA_DIR") or ROOT / "data")
sys.path.insert(0, str(ROOT / "tools"))  # tools/localsite.py: the local server and Chromium settings


# Test tiers (markers registered in pyproject.toml; see tests/README.md). `make check` runs the
# tests with none of them; `make test` runs everything. Tests of files that do not mark themselves
# are marked here, by file and by fixture.
FILE_MARKERS = {
    "test_site.py": ["slow"],
    "test_browser.py": ["slow", "browser"],
    "test_reader.py": ["slow", "browser"],
    "test_jupyterlab.py": ["slow", "browser"],
    "test_pdf.py": ["slow", "pdf"],
    "test_notebooks.py": ["notebooks"],
}
FIXTURE_MARKERS = {"built": ["slow"]}  # tests/test_exercises.py: the built HTML pages
TEST_MARKERS = {"test_solution_code_runs": ["notebooks"]}  # runs each notebook's code


def tier_markers(item) -> list[str]:
    path = Path(str(item.fspath))
    if path.suffix == ".ipynb":  # nbval re-runs a notebook
        return ["notebooks"]
    names = list(FILE_MARKERS.get(path.name, []))
    for fixture in getattr(item, "fixturenames", ()):
        names += FIXTURE_MARKERS.get(fixture, [])
    names += TEST_MARKERS.get(getattr(item, "originalname", item.name), [])
    return names


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name in dict.fromkeys(tier_markers(item)):
            item.add_marker(getattr(pytest.mark, name))


def toc_pages() -> list[str]:
    """The pages listed in _toc.yml (root and chapters), as paths without suffix."""
    return re.findall(r"(?:root|file):\s*(\S+)", (ROOT / "_toc.yml").read_text())

# A minimal, valid package: one row per table, using the real schema.
MINIMAL = {
    "sources.csv": [
        {"source_id": "src-a", "publisher": "Example Agency", "title": "A document", "author": "",
         "published": "2020-08-06", "language": "en", "url": "https://example.org/a", "kind": "government",
         "reliability": "primary", "original_publisher": "", "original_reliability": "", "original_url": ""},
        {"source_id": "src-b", "publisher": "Example News", "title": "A report", "author": "A. Writer",
         "published": "2022-06", "language": "en", "url": "https://example.org/b", "kind": "news",
         "reliability": "reputable", "original_publisher": "", "original_reliability": "", "original_url": ""},
    ],
    "jurisdictions.csv": [
        {"code": "CN", "name": "China"},
        {"code": "US", "name": "United States"},
    ],
    "events.csv": [
        {"event_id": "ev-2020-08-order", "date": "2020-08-06", "date_precision": "day",
         "category": "executive", "jurisdiction": "US", "actors": "Trump administration;TikTok",
         "description": "An order.", "source_ids": "src-a"},
        {"event_id": "ev-2022-06-report", "date": "2022-06", "date_precision": "month",
         "category": "security-report", "jurisdiction": "US", "actors": "TikTok",
         "description": "A report.", "source_ids": "src-b"},
    ],
    "milestones.csv": [
        {"event_id": "ev-2020-08-order", "label": "The order"},
    ],
    "claims.csv": [
        {"claim_id": "cl-2020-us", "date": "2020", "date_precision": "year", "claimant": "TikTok",
         "claimant_type": "company", "claim": "Data is stored in the US.", "quote": "", "data_of": "us-users",
         "storage_locations": "United States;Singapore", "storage_providers": "", "stated_access": "",
         "source_ids": "src-a", "evidence": "A later report.", "evidence_source_ids": "src-b",
         "evidence_relation": "disputed"},
    ],
    "access_paths.csv": [
        {"path_id": "ap-2020-us-team", "claim_id": "cl-2020-us", "relation": "stated", "who": "A US team"},
    ],
    "restrictions.csv": [
        {"restriction_id": "rs-2020-x", "date": "2020-07-10", "date_precision": "day",
         "authority": "Example Corp", "authority_type": "company", "jurisdiction": "US",
         "scope": "company-devices", "status": "retracted", "description": "A memo.", "source_ids": "src-a"},
    ],
    "cfius_cases.csv": [
        {"case_id": "t-a", "acquirer": "A", "acquirer_country": "CN", "target": "T", "target_country": "US",
         "sector": "apps", "data_at_stake": "user data", "deal_date": "2017-11", "deal_date_precision": "month",
         "review_date": "", "review_date_precision": "", "decision_date": "2020-08-14",
         "decision_date_precision": "day", "outcome": "divestment-ordered", "outcome_detail": "Ordered.",
         "source_ids": "src-a;src-b"},
    ],
    "cfius_clock.csv": [
        {"regime": "firrma", "step": "1", "stage": "review", "max_days": "45", "extension_days": "0",
         "optional": "no", "starts": "When a notice is accepted.", "source_ids": "src-a"},
        {"regime": "firrma", "step": "2", "stage": "investigation", "max_days": "45",
         "extension_days": "15", "optional": "no", "starts": "After the review.", "source_ids": "src-a"},
    ],
    "quizzes.csv": [
        {"question_id": "q-one", "quiz": "quiz-case", "position": "1", "kind": "apply", "question": "Which?",
         "choice_a": "This", "choice_b": "That", "choice_c": "Neither", "choice_d": "",
         "answer": "b", "explanation": "Because.", "source_ids": "src-a"},
        {"question_id": "q-two", "quiz": "quiz-case", "position": "2", "kind": "recall", "question": "Where?",
         "choice_a": "Here", "choice_b": "There", "choice_c": "", "choice_d": "",
         "answer": "a", "explanation": "So.", "source_ids": "src-a;src-b"},
        # A quiz needs at least 10 questions, with its answers spread over the letters and choices
        # of comparable length (data/README.md): eight more, whose choices all have one length.
        *[
            {"question_id": f"q-{n}", "quiz": "quiz-case", "position": str(n), "kind": "recall",
             "question": f"Question {n}?", "choice_a": f"Option {n}a", "choice_b": f"Option {n}b",
             "choice_c": f"Option {n}c", "choice_d": f"Option {n}d", "answer": answer,
             "explanation": "Hence.", "source_ids": "src-a"}
            for n, answer in zip(range(3, 11), "cdabcdcd")
        ],
    ],
}


def write_table(folder: Path, name: str, rows: list[dict]):
    with open(folder / name, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def minimal_package(tmp_path) -> Path:
    """A folder holding the real datapackage.json and one or two valid rows per table."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "datapackage.json", folder / "datapackage.json")
    for name, rows in MINIMAL.items():
        write_table(folder, name, [dict(r) for r in rows])
    return folder


# --- The built site and the browser, shared by the browser tests ---------------------------------
# One Chromium for the whole session: Playwright's sync API cannot run two instances at once.

@pytest.fixture(scope="session")
def site() -> str:
    """The built HTML book served on 127.0.0.1 (tools/localsite.py)."""
    from localsite import serve

    html = ROOT / "_build" / "html"
    if not (html / "index.html").exists():
        pytest.fail("the book is not built: run `make test` (it builds before testing)")
    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright (never a browser of Playwright's own)."""
    from localsite import CHROMIUM, CHROMIUM_FLAGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()

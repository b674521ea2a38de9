"""Shared fixtures: a small valid copy of the dataset that tests can break."""

import csv
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "tools"))  # tools/localsite.py: the local server and Chromium settings


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
    "events.csv": [
        {"event_id": "ev-2020-08-order", "date": "2020-08-06", "date_precision": "day",
         "category": "executive", "jurisdiction": "US", "actors": "Trump administration;TikTok",
         "description": "An order.", "source_ids": "src-a"},
        {"event_id": "ev-2022-06-report", "date": "2022-06", "date_precision": "month",
         "category": "security-report", "jurisdiction": "US", "actors": "TikTok",
         "description": "A report.", "source_ids": "src-b"},
    ],
    "claims.csv": [
        {"claim_id": "cl-2020-us", "date": "2020", "date_precision": "year", "claimant": "TikTok",
         "claimant_type": "company", "claim": "Data is stored in the US.", "quote": "",
         "storage_locations": "United States;Singapore", "storage_providers": "", "stated_access": "",
         "source_ids": "src-a", "evidence": "A later report.", "evidence_source_ids": "src-b",
         "evidence_relation": "disputed"},
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
        {"question_id": "q-one", "quiz": "quiz-case", "position": "1", "question": "Which?",
         "choice_a": "This", "choice_b": "That", "choice_c": "Neither", "choice_d": "",
         "answer": "b", "explanation": "Because.", "source_ids": "src-a"},
        {"question_id": "q-two", "quiz": "quiz-case", "position": "2", "question": "Where?",
         "choice_a": "Here", "choice_b": "There", "choice_c": "", "choice_d": "",
         "answer": "a", "explanation": "So.", "source_ids": "src-a;src-b"},
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

"""The files around the book agree with each other: licence, citation, Makefile, npm, CI."""

import json
import re

import yaml

from conftest import ROOT


def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def test_citation_file_names_the_repository_of_config():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(citation)
    assert citation["authors"] == [{"name": "The authors of Where the Data Lives"}]
    url = config()["repository"]["url"]
    assert citation["repository-code"] == url
    assert citation["preferred-citation"]["repository-code"] == url


def test_license_carries_both_licences_and_says_what_each_covers():
    text = (ROOT / "LICENSE").read_text()
    assert "Permission is hereby granted, free of charge" in text  # MIT
    assert "Creative Commons Attribution 4.0 International Public License" in text
    assert "Section 8 -- Interpretation." in text  # the whole legal code, to its end
    summary = text.split("MIT License (code)")[0]
    for part in ["book/", "data/", "wdl/", "tests/", "tools/"]:
        assert part in summary, f"LICENSE does not say which licence covers {part}"


def test_every_phony_make_target_exists():
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    rules = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.M))
    assert set(phony) - rules == set(), "declared in .PHONY but not defined"


def test_the_book_installs_only_what_it_serves():
    package = json.loads((ROOT / "package.json").read_text())
    assert set(package["devDependencies"]) == {"axe-core", "lighthouse", "linkinator"}
    assert not set(package["dependencies"]) & set(package["devDependencies"])
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert lock[""]["dependencies"] == package["dependencies"], "package-lock.json is stale: run npm install"
    assert lock[""]["devDependencies"] == package["devDependencies"], "package-lock.json is stale"
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^book: .*\$\(NODE_BOOK\)", makefile, re.M)
    assert "npm ci --omit=dev" in makefile


def test_ci_runs_the_readmes_test_command_and_checks_links_without_blocking():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
    book = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    triggers = book[True]  # YAML reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    steps = [s.get("run", "") for s in book["jobs"]["test"]["steps"]]
    assert ".ci/run" in steps
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in book["jobs"]["publish"]["steps"])
    links = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text())
    assert "schedule" in links[True]
    job = links["jobs"]["links"]
    assert job["continue-on-error"] is True
    assert any("tools/check_links.py data/sources.csv" in s.get("run", "") for s in job["steps"])


def test_python_version_is_said_the_same_everywhere():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.11"' in pyproject
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    for doc in ["README.md", "CONTRIBUTING.md", "book/how-to-use.md"]:
        text = (ROOT / doc).read_text()
        assert "3.10" not in text, f"{doc} still mentions Python 3.10"

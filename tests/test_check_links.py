"""tools/check_links.py, the weekly check of the sources' URLs, against a local server only."""

import contextlib
import csv
import functools
import http.server
import socket
import threading

import pytest

import check_links  # tools/ is on sys.path (conftest.py)


class Picky(http.server.SimpleHTTPRequestHandler):
    """Like a news site: refuses HEAD on /no-head, turns scripts away on /forbidden."""

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_error(405)
        elif self.path == "/forbidden":
            self.send_error(403)
        elif self.path == "/gone":
            self.send_error(410)
        else:
            super().do_HEAD()

    def do_GET(self):
        if self.path in ("/forbidden",):
            self.send_error(403)
        elif self.path == "/no-head":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")
        else:
            super().do_GET()


@contextlib.contextmanager
def serve(directory):
    """Serve ``directory`` with the Picky handler on a free port of 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Picky, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "folder").mkdir(parents=True)
    (root / "order.html").write_text("<p>An order.</p>")
    (root / "folder" / "index.html").write_text("<p>A page.</p>")
    with serve(root) as base:
        yield base


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_sources(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source_id", "publisher", "url"])
        writer.writerows([(sid, "P", url) for sid, url in rows])


def test_each_kind_of_answer(site, tmp_path, capsys):
    rows = [
        ("src-ok", f"{site}/order.html"),
        ("src-redirect", f"{site}/folder"),  # 301 to folder/, then 200
        ("src-no-head", f"{site}/no-head"),
        ("src-missing", f"{site}/nowhere.html"),
        ("src-gone", f"{site}/gone"),
        ("src-forbidden", f"{site}/forbidden"),
        ("src-refused", f"http://127.0.0.1:{closed_port()}/x"),
    ]
    write_sources(tmp_path / "sources.csv", rows)
    status = check_links.main([str(tmp_path / "sources.csv"), "--report", str(tmp_path / "report.md"),
                               "--timeout", "5"])
    assert status == 1
    verdicts = {r.source_id: (r.verdict, r.detail.split(":")[0])
                for r in check_links.check_all(check_links.read_sources(tmp_path / "sources.csv"), timeout=5)}
    assert verdicts == {
        "src-ok": ("ok", "HTTP 200"),
        "src-redirect": ("ok", "HTTP 200"),
        "src-no-head": ("ok", "HTTP 200"),
        "src-missing": ("dead", "HTTP 404"),
        "src-gone": ("dead", "HTTP 410"),
        "src-forbidden": ("unchecked", "HTTP 403"),
        "src-refused": ("dead", "ConnectionRefusedError"),
    }
    text = (tmp_path / "report.md").read_text()
    assert text == capsys.readouterr().out
    assert "7 URLs: 3 ok, 3 dead, 1 could not be checked." in text
    dead = text.split("## Dead")[1].split("## Could not")[0]
    assert "`src-missing`" in dead and "`src-gone`" in dead and "`src-refused`" in dead
    assert "`src-forbidden`" in text.split("## Could not be checked")[1]


def test_no_dead_link_exits_zero(site, tmp_path):
    write_sources(tmp_path / "sources.csv", [("src-ok", f"{site}/order.html")])
    assert check_links.main([str(tmp_path / "sources.csv")]) == 0

"""The built book served on 127.0.0.1, and how to start Chromium on these machines.

Shared by the browser tests (tests/test_browser.py) and the benchmark's Lighthouse runs
(tools/benchmark.py). Text files (HTML, scripts, style sheets, SVG, JSON, fonts without
their own compression) are sent gzip-compressed to a browser that accepts it, as a static
host serves them, so that what the browser and Lighthouse measure is what readers download.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

# Debian's Chromium, installed by `make` (apt-get).
CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a sandboxed machine with no network: see CONTRIBUTING.md.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# What a static host compresses (images, woff/woff2 fonts and PDFs are compressed already).
COMPRESSED_SUFFIXES = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".ttf", ".eot", ".xml", ".ipynb", ".md"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    compress = True
    _gzipped: dict[tuple[str, float], bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        requested = self.translate_path(self.path)
        if os.path.isdir(requested):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL with a "/"
            requested = os.path.join(requested, "index.html")
        if not (self.compress and "gzip" in self.headers.get("Accept-Encoding", "")
                and os.path.isfile(requested)
                and os.path.splitext(requested)[1].lower() in COMPRESSED_SUFFIXES):
            return super().send_head()
        key = (requested, os.stat(requested).st_mtime)
        body = self._gzipped.get(key)
        if body is None:
            with open(requested, "rb") as fh:
                body = self._gzipped[key] = gzip.compress(fh.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(requested))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = True) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1 in a thread; yield its base URL.
    ``compress``: gzip text files for browsers that accept it, as a static host does."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"compress": compress}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()

"""Tell `make book` whether the notebooks' inputs changed since the last build.

The execution cache re-runs a notebook only when its own code changes, so an
edit to data/ or to the wdl package would leave stale outputs in the book.
This script hashes those inputs.

    python tools/inputs_changed.py BUILD_DIR           exit 0 if changed (or never recorded), 1 if not
    python tools/inputs_changed.py --record BUILD_DIR  store the current hash
"""

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [("data", "*"), ("wdl", "*.py"), ("bookext", "*.py")]  # bookext: the build's own Sphinx code (e.g. the quiz directive)


def digest() -> str:
    sha = hashlib.sha256()
    for folder, pattern in INPUTS:
        for path in sorted((ROOT / folder).glob(pattern)):
            if path.is_file():
                sha.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def main(argv: list[str]) -> int:
    record = "--record" in argv
    build = Path([a for a in argv if a != "--record"][0])
    stamp = build / ".inputs-sha256"
    current = digest()
    if record:
        build.mkdir(parents=True, exist_ok=True)
        stamp.write_text(current + "\n")
        return 0
    previous = stamp.read_text().strip() if stamp.exists() else None
    if previous != current:
        print("data/ or wdl/ changed since the last build: every notebook will be re-executed.")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The one writer of benchmarks/RESULTS.md: each benchmark script owns one
section (a heading line and what follows up to the next heading of the
same or a higher level) and replaces only that."""
import os
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

# OpenBLAS's idle threads spin and take a core from multithreaded kernels
# measured in the same process (16% of a profile here); no benchmarked
# call uses BLAS. Set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _level(line):
    return len(line) - len(line.lstrip("#")) if line.startswith("#") else 0


def write_section(heading, section):
    """Replace the section starting with the line `heading` in RESULTS.md
    by `section` (which starts with that heading), or append it."""
    lines = RESULTS.read_text(encoding="utf-8").splitlines(keepends=True) if RESULTS.exists() else []
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == heading), None)
    body = section.rstrip("\n") + "\n"
    if start is None:
        text = "".join(lines).rstrip("\n")
        RESULTS.write_text((text + "\n\n" if text else "") + body, encoding="utf-8")
        return
    level = _level(heading)
    end = next((i for i in range(start + 1, len(lines)) if 0 < _level(lines[i]) <= max(level, 2)), len(lines))
    rest = "".join(lines[end:])
    RESULTS.write_text("".join(lines[:start]) + body + ("\n" + rest if rest else ""), encoding="utf-8")

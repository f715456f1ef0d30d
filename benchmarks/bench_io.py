"""Benchmark swiftbio.io against tifffile on the same stack, same run.

A 64x512x512 uint16 stack (32 MiB) in the page cache: write and read,
uncompressed and Deflate (zlib level 6 for both), with 1 and 2 workers
(`swiftbio.set_num_threads`, tifffile's `maxworkers`). Each result is
checked (the file read back equals the data) before it is timed. Appends
its table to benchmarks/RESULTS.md after the filters' section.

    python benchmarks/bench_io.py
"""
import os
import statistics
import tempfile
import time
from pathlib import Path

from _results import write_section  # noqa: E402 (sets OPENBLAS_NUM_THREADS first)
import numpy as np
import tifffile

import swiftbio
from swiftbio import io




def median_ms(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main():
    rng = np.random.default_rng(1)
    # Smooth-ish data compresses like microscopy does, not like noise.
    stack = (rng.normal(1000, 30, (64, 512, 512)) + np.linspace(0, 3000, 512)).astype(np.uint16)
    folder = Path(tempfile.mkdtemp())
    rows = []
    for compression, repeats in ((None, 15), ("deflate", 3)):
        ours, theirs = folder / "swiftbio.tif", folder / "tifffile.tif"
        for workers in (1, 2):
            swiftbio.set_num_threads(workers)
            tf_compression = "zlib" if compression else None
            write_sb = median_ms(lambda: io.imwrite(ours, stack, compression=compression), repeats)
            write_tf = median_ms(lambda: tifffile.imwrite(theirs, stack, compression=tf_compression,
                                                          maxworkers=workers), repeats)
            assert np.array_equal(tifffile.imread(ours), stack) and np.array_equal(io.imread(theirs), stack)
            read_sb = median_ms(lambda: io.imread(theirs), repeats)
            read_tf = median_ms(lambda: tifffile.imread(theirs, maxworkers=workers), repeats)
            rows.append((compression or "none", workers, write_sb, write_tf, read_sb, read_tf,
                         os.path.getsize(ours) / 2**20, os.path.getsize(theirs) / 2**20))
    swiftbio.set_num_threads(None)
    lines = ["## TIFF I/O", "",
             f"64×512×512 uint16 stack (32 MiB), page cache; tifffile {tifffile.__version__}; median ms; "
             "speed-up = tifffile / swiftbio (>1: swiftbio faster). Reads are of tifffile's file.", "",
             "| compression | workers | write swiftbio | write tifffile | write speed-up | read swiftbio | "
             "read tifffile | read speed-up | size swiftbio (MiB) | size tifffile (MiB) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c, w, ws, wt, rs, rt, ss, st in rows:
        lines.append(f"| {c} | {w} | {ws:.1f} | {wt:.1f} | {wt / ws:.2f}x | {rs:.1f} | {rt:.1f} | {rt / rs:.2f}x | "
                     f"{ss:.1f} | {st:.1f} |")
    table = "\n".join(lines) + "\n"
    print(table)
    write_section(lines[0], table)


if __name__ == "__main__":
    main()

"""Benchmark swiftbio's segmentation building blocks against scipy.ndimage,
scikit-image, OpenCV and the `edt` package.

Every tool runs on the same inputs in the same process:

* 2D: the bundled 512×512 nuclei image tiled 4×4 (2048×2048 uint16) and its
  Gaussian-smoothed (σ=2) Otsu mask;
* 3D: the bundled 31×61×57 nuclei stack tiled 3×9×9 and cropped to
  64×512×512 uint16, and its Gaussian-smoothed (σ=1) Otsu mask.

For each (op, tool) the script makes one warm-up call, checks swiftbio's
warm-up result against the reference anchor (exact equality for labels,
watershed, peaks and Otsu; max |diff| ≤ 1e-6 for the EDT) so a broken kernel
cannot post a time, then takes the median of a few timed repeats with
``time.perf_counter``. swiftbio, OpenCV and edt run at 1 and 2 threads
(``swiftbio.set_num_threads``, ``cv2.setNumThreads``, ``edt.edt(parallel=)``);
scipy and scikit-image are single-threaded.

Run from the repository root (about 1.5 minutes on 2 cores)::

    python benchmarks/bench_segmentation.py

It prints its markdown section and writes it into ``benchmarks/RESULTS.md``,
replacing only the ``## Segmentation`` section (from that line up to the next
``## `` heading), or inserting it before ``## TIFF I/O`` the first time.
"""
import datetime
import importlib.metadata
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

from _results import RESULTS, write_section  # noqa: E402 (sets OPENBLAS_NUM_THREADS first)
import cv2
import edt
import numpy as np
import scipy
import scipy.ndimage as ndi
import skimage
import skimage.feature
import skimage.filters
import skimage.measure
import skimage.segmentation

import swiftbio
from swiftbio import feature as sb_feature
from swiftbio import filters as sb_filters
from swiftbio import measure as sb_measure
from swiftbio import morphology as sb_morphology
from swiftbio import segmentation as sb_segmentation

HEADING = "## Segmentation"

CELL_BUDGET = 1.0        # seconds of timed repeats per (op, tool) cell
MIN_REPEATS, MAX_REPEATS = 3, 15
SLOW_SECONDS, SLOW_REPEATS = 1.0, 2  # calls slower than this (3D watershed, scipy 3D EDT) get 2 repeats

THREADS = {"edt": 1}     # edt takes its thread count per call (parallel=); the lambdas read it here


def swiftbio_build():
    """(mtime, inode) of the installed swiftbio kernel library: tells whether it was reinstalled mid-run."""
    lib = Path(swiftbio.__file__).with_name("libswiftbio.so")
    st = (lib if lib.exists() else Path(swiftbio._core.__file__)).stat()
    return st.st_mtime, st.st_ino


BUILD_AT_START = swiftbio_build()


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------
def make_inputs():
    """Build the 2D and 3D inputs with scipy/scikit-image only (not with swiftbio)."""
    img = swiftbio.io.imread(swiftbio.data.path("img2d.tif"))
    img2 = np.tile(img, (4, 4))                                       # 2048×2048 uint16
    smooth2 = ndi.gaussian_filter(img2, 2.0, output=np.float32)
    mask2 = smooth2 > skimage.filters.threshold_otsu(smooth2)
    labels2 = skimage.measure.label(mask2, connectivity=2)
    dist2 = ndi.distance_transform_edt(mask2)
    peaks2 = skimage.feature.peak_local_max(dist2, min_distance=7, labels=labels2)
    markers2 = np.zeros(mask2.shape, np.int32)
    markers2[tuple(peaks2.T)] = np.arange(1, len(peaks2) + 1)

    vol = swiftbio.io.imread(swiftbio.data.path("img3d.tif"))
    vol3 = np.ascontiguousarray(np.tile(vol, (3, 9, 9))[:64, :512, :512])  # 64×512×512 uint16
    smooth3 = ndi.gaussian_filter(vol3, 1.0, output=np.float32)
    mask3 = smooth3 > skimage.filters.threshold_otsu(smooth3)
    dist3 = ndi.distance_transform_edt(mask3)
    labels3 = skimage.measure.label(mask3, connectivity=3)
    peaks3 = skimage.feature.peak_local_max(dist3, min_distance=3, labels=labels3)
    markers3 = np.zeros(mask3.shape, np.int32)
    markers3[tuple(peaks3.T)] = np.arange(1, len(peaks3) + 1)

    assert img2.max() <= 255  # so the uint8 copy given to OpenCV's Otsu is lossless
    return dict(
        img2=img2, img2_u8=img2.astype(np.uint8),
        mask2=mask2, mask2_u8=mask2.view(np.uint8), labels2=labels2,
        neg_dist2=-dist2, dist2=dist2, markers2=markers2,
        mask3=mask3, neg_dist3=-dist3, markers3=markers3,
        info=dict(objects2=int(labels2.max()), fg2=mask2.mean(), peaks2=len(peaks2),
                  objects3=int(labels3.max()), fg3=mask3.mean(), peaks3=len(peaks3)),
    )


# ---------------------------------------------------------------------------
# The ops. Each tool entry is a callable taking the inputs dict, or None
# (no such function). `ref` names the anchor whose result swiftbio must match;
# `check` is how: "exact" (np.array_equal / ==), "edt" (max |diff| ≤ 1e-6),
# "close" (max |diff| ≤ 1e-9 × max |ref|).
# ---------------------------------------------------------------------------
FULL2, FULL3 = np.ones((3, 3), bool), np.ones((3, 3, 3), bool)
PRECISE = (cv2.DIST_L2, cv2.DIST_MASK_PRECISE)

OPS = [
    dict(name="label 2D, 8-conn", input="2048² mask", ref="skimage", check="exact",
         swiftbio=lambda I: sb_measure.label(I["mask2"], connectivity=2),
         scipy=lambda I: ndi.label(I["mask2"], structure=FULL2)[0],
         skimage=lambda I: skimage.measure.label(I["mask2"], connectivity=2),
         opencv=lambda I: cv2.connectedComponents(I["mask2_u8"], connectivity=8, ltype=cv2.CV_32S)[1]),
    dict(name="label 3D, 26-conn", input="64×512² mask", ref="skimage", check="exact",
         swiftbio=lambda I: sb_measure.label(I["mask3"], connectivity=3),
         scipy=lambda I: ndi.label(I["mask3"], structure=FULL3)[0],
         skimage=lambda I: skimage.measure.label(I["mask3"], connectivity=3)),
    dict(name="EDT 2D", input="2048² mask", ref="scipy", check="edt",
         swiftbio=lambda I: sb_morphology.distance_transform_edt(I["mask2"]),
         scipy=lambda I: ndi.distance_transform_edt(I["mask2"]),
         opencv=lambda I: cv2.distanceTransform(I["mask2_u8"], *PRECISE),
         edt=lambda I: edt.edt(I["mask2"], parallel=THREADS["edt"])),
    dict(name="EDT 3D", input="64×512² mask", ref="scipy", check="edt",
         swiftbio=lambda I: sb_morphology.distance_transform_edt(I["mask3"]),
         scipy=lambda I: ndi.distance_transform_edt(I["mask3"]),
         edt=lambda I: edt.edt(I["mask3"], parallel=THREADS["edt"])),
    dict(name="watershed 2D", input="2048² −EDT, markers, mask", ref="skimage", check="exact",
         swiftbio=lambda I: sb_segmentation.watershed(I["neg_dist2"], I["markers2"], mask=I["mask2"]),
         skimage=lambda I: skimage.segmentation.watershed(I["neg_dist2"], I["markers2"], mask=I["mask2"])),
    dict(name="watershed 3D", input="64×512² −EDT, markers, mask", ref="skimage", check="exact",
         swiftbio=lambda I: sb_segmentation.watershed(I["neg_dist3"], I["markers3"], mask=I["mask3"]),
         skimage=lambda I: skimage.segmentation.watershed(I["neg_dist3"], I["markers3"], mask=I["mask3"])),
    dict(name="peak_local_max 2D, min_distance=7", input="2048² EDT, labels", ref="skimage", check="exact",
         swiftbio=lambda I: sb_feature.peak_local_max(I["dist2"], min_distance=7, labels=I["labels2"]),
         skimage=lambda I: skimage.feature.peak_local_max(I["dist2"], min_distance=7, labels=I["labels2"])),
    dict(name="threshold_otsu", input="2048² uint16 (OpenCV: uint8 ‡)", ref="skimage", check="exact",
         swiftbio=lambda I: sb_filters.threshold_otsu(I["img2"]),
         skimage=lambda I: skimage.filters.threshold_otsu(I["img2"]),
         opencv=lambda I: cv2.threshold(I["img2_u8"], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0]),
    dict(name="threshold_otsu", input="2048² uint8", ref="skimage", check="exact",
         swiftbio=lambda I: sb_filters.threshold_otsu(I["img2_u8"]),
         skimage=lambda I: skimage.filters.threshold_otsu(I["img2_u8"]),
         opencv=lambda I: cv2.threshold(I["img2_u8"], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0]),
    dict(name="threshold_local 51, gaussian", input="2048² uint16", ref="skimage", check="close",
         swiftbio=lambda I: sb_filters.threshold_local(I["img2"], 51, method="gaussian"),
         skimage=lambda I: skimage.filters.threshold_local(I["img2"], 51, method="gaussian")),
    dict(name="threshold_local 51, mean", input="2048² uint16", ref="skimage", check="close",
         swiftbio=lambda I: sb_filters.threshold_local(I["img2"], 51, method="mean"),
         skimage=lambda I: skimage.filters.threshold_local(I["img2"], 51, method="mean")),
]

# (column label, op key, threads or None for single-threaded libraries)
TOOLS = [
    ("scipy", "scipy", None),
    ("skimage", "skimage", None),
    ("swiftbio 1T", "swiftbio", 1),
    ("swiftbio 2T", "swiftbio", 2),
    ("OpenCV 1T", "opencv", 1),
    ("OpenCV 2T", "opencv", 2),
    ("edt 1T", "edt", 1),
    ("edt 2T", "edt", 2),
]


def set_threads(lib, n):
    if lib == "swiftbio":
        swiftbio.set_num_threads(n)
    elif lib == "opencv":
        cv2.setNumThreads(n)
    elif lib == "edt":
        THREADS["edt"] = n


# ---------------------------------------------------------------------------
# Timing and checking
# ---------------------------------------------------------------------------
def time_call(fn, inputs):
    """Warm up once, then return (median seconds of the timed repeats, warm-up result)."""
    t0 = time.perf_counter()
    result = fn(inputs)
    first = time.perf_counter() - t0
    if first > SLOW_SECONDS:
        repeats = SLOW_REPEATS
    else:
        repeats = min(MAX_REPEATS, max(MIN_REPEATS, int(CELL_BUDGET / max(first, 1e-9))))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(inputs)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), result


def check(result, reference, kind, what):
    """Assert that a swiftbio result equals the reference; return max |diff| (0 for exact)."""
    result, reference = np.asarray(result), np.asarray(reference)
    assert result.shape == reference.shape, f"{what}: shape {result.shape} != {reference.shape}"
    if kind == "exact":
        assert np.array_equal(result, reference), f"{what}: differs from the reference"
        return 0.0
    err = float(np.abs(result.astype(np.float64) - reference).max())
    limit = 1e-6 if kind == "edt" else 1e-9 * float(np.abs(reference).max())
    assert err <= limit, f"{what}: max |diff| = {err:.3g} > {limit:.3g}"
    return err


def describe_anchor(result, reference, kind):
    """How a non-reference anchor's result relates to the reference (for the notes; not asserted)."""
    result, reference = np.asarray(result), np.asarray(reference)
    if kind == "edt":
        return f"max |diff| {np.abs(result.astype(np.float64) - reference).max():.2g} ({result.dtype})"
    if result.shape == () or np.array_equal(result, reference):
        return "equal" if np.array_equal(result, reference) else f"{result} vs {reference}"
    # Label images: same partition with a different numbering? (one distinct pair per label)
    pairs = np.unique(result.astype(np.int64) * (int(reference.max()) + 1) + reference)
    same = len(pairs) == len(np.unique(result)) == len(np.unique(reference))
    if same:
        return "same objects, different numbering"
    return f"differs at {100 * np.mean(result != reference):.2g}% of pixels"


def run(inputs, ops=OPS):
    """Time every op of `ops` with every tool; return (rows, notes on the non-reference anchors)."""
    rows, anchor_notes = [], []
    for op in ops:
        times, reference, max_err = {}, None, 0.0
        order = [op["ref"]] + [lib for _, lib, _ in TOOLS if lib != op["ref"]]  # reference first
        for lib in dict.fromkeys(order):
            if op.get(lib) is None:
                continue
            for label, tool_lib, threads in TOOLS:
                if tool_lib != lib:
                    continue
                set_threads(lib, threads)
                seconds, result = time_call(op[lib], inputs)
                times[label] = seconds
                if lib == op["ref"]:
                    reference = result
                elif lib == "swiftbio":
                    max_err = max(max_err, check(result, reference, op["check"], f"{op['name']} / {label}"))
                elif threads in (None, 1):
                    anchor_notes.append(f"{op['name']} ({op['input']}), {lib}: "
                                        f"{describe_anchor(result, reference, op['check'])}")
                del result
        rows.append(dict(op=op["name"], input=op["input"], times=times, err=max_err))
        print(f"  {op['name']:<36} " + "  ".join(f"{k}={v * 1e3:.3g}ms" for k, v in times.items()),
              file=sys.stderr, flush=True)
    swiftbio.set_num_threads(None)
    cv2.setNumThreads(-1)
    return rows, anchor_notes


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
def fmt_ms(seconds):
    if seconds is None:
        return "n/a"
    ms = seconds * 1e3
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}" if ms >= 1 else f"{ms:.3g}"


def median_time_table(rows, time_cols):
    """Markdown lines of the "Median time (ms)" table over `time_cols`, for
    rows with 'op', 'input' and 'times'."""
    lines = [
        "### Median time (ms)",
        "",
        "| op | input | " + " | ".join(time_cols) + " |",
        "|---|---|" + "---:|" * len(time_cols),
    ]
    for r in rows:
        lines.append(f"| {r['op']} | {r['input']} | " + " | ".join(fmt_ms(r["times"].get(c)) for c in time_cols) + " |")
    return lines


def time_tables(rows, time_cols, ratio_cols, anchor):
    """Markdown lines of the "Median time" table over `time_cols` and the
    "Speed-up of swiftbio at 2 threads" table over `ratio_cols` ((header,
    key) pairs; `anchor(times, key)` is the anchor's time), for rows with
    'op', 'input' and 'times' (shared by the morphology and measurement
    benchmarks)."""
    lines = median_time_table(rows, time_cols) + [
        "",
        "### Speed-up of swiftbio at 2 threads (anchor time / swiftbio time; >1 = swiftbio faster)",
        "",
        "| op | input | " + " | ".join(h for h, _ in ratio_cols) + " |",
        "|---|---|" + "---:|" * len(ratio_cols),
    ]
    for r in rows:
        t = r["times"]
        lines.append(f"| {r['op']} | {r['input']} | " + " | ".join(
            fmt_x(speedup(anchor(t, key), t.get("swiftbio 2T"))) for _, key in ratio_cols) + " |")
    return lines


def best(times, lib):
    """Fastest time of a library over its thread counts (None if it has no such op)."""
    found = [t for label, t in times.items() if label.split()[0] == lib]
    return min(found) if found else None


def speedup(anchor, ours):
    return None if anchor is None or ours is None else anchor / ours


def fmt_x(r):
    return "n/a" if r is None else f"{r:.1f}x" if r >= 1 else f"{r:.2f}x"


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def cpu_snapshot():
    """(wall s, machine busy CPU s, this process's CPU s), to estimate contention from other processes."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / os.sysconf("SC_CLK_TCK")
    ours = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), busy, ours.ru_utime + ours.ru_stime


# (description, op, input or None, anchor column: a library name = its best thread count, target ratio)
TARGETS = [
    ("label 2D no slower than OpenCV", "label 2D, 8-conn", None, "OpenCV", 1.0),
    ("Otsu no slower than OpenCV (uint16; OpenCV on uint8)", "threshold_otsu", "2048² uint16 (OpenCV: uint8 ‡)", "OpenCV", 1.0),
    ("Otsu no slower than OpenCV (both uint8)", "threshold_otsu", "2048² uint8", "OpenCV", 1.0),
    ("EDT 2D faster than OpenCV", "EDT 2D", None, "OpenCV", 1.0),
    ("EDT 2D faster than edt", "EDT 2D", None, "edt", 1.0),
    ("EDT 3D faster than edt", "EDT 3D", None, "edt", 1.0),
    ("watershed 2D ≥ 5x scikit-image", "watershed 2D", None, "skimage", 5.0),
    ("watershed 3D ≥ 5x scikit-image", "watershed 3D", None, "skimage", 5.0),
    ("peak_local_max ≥ 10x scikit-image", "peak_local_max 2D, min_distance=7", None, "skimage", 10.0),
    ("threshold_local gaussian ≥ 10x scikit-image", "threshold_local 51, gaussian", None, "skimage", 10.0),
    ("threshold_local mean ≥ 10x scikit-image", "threshold_local 51, mean", None, "skimage", 10.0),
    ("label 3D ≥ 3x scipy", "label 3D, 26-conn", None, "scipy", 3.0),
]


def write_report(rows, anchor_notes, info, cpu_start, cpu_end, total_seconds):
    capacity = (cpu_end[0] - cpu_start[0]) * os.cpu_count()
    others = max((cpu_end[1] - cpu_start[1]) - (cpu_end[2] - cpu_start[2]), 0.0) / capacity
    time_cols = ["swiftbio 1T", "swiftbio 2T", "scipy", "skimage", "OpenCV 1T", "OpenCV 2T", "edt 1T", "edt 2T"]
    ratio_cols = [  # (header, anchor time, swiftbio time) as functions of a row's times
        ("2T vs scipy", lambda t: t.get("scipy"), lambda t: t.get("swiftbio 2T")),
        ("2T vs skimage", lambda t: t.get("skimage"), lambda t: t.get("swiftbio 2T")),
        ("2T vs OpenCV best", lambda t: best(t, "OpenCV"), lambda t: t.get("swiftbio 2T")),
        ("2T vs edt best", lambda t: best(t, "edt"), lambda t: t.get("swiftbio 2T")),
        ("1T vs OpenCV 1T", lambda t: t.get("OpenCV 1T"), lambda t: t.get("swiftbio 1T")),
        ("2T vs OpenCV 2T", lambda t: t.get("OpenCV 2T"), lambda t: t.get("swiftbio 2T")),
        ("1T vs edt 1T", lambda t: t.get("edt 1T"), lambda t: t.get("swiftbio 1T")),
        ("2T vs edt 2T", lambda t: t.get("edt 2T"), lambda t: t.get("swiftbio 2T")),
    ]
    built = datetime.datetime.fromtimestamp(BUILD_AT_START[0]).astimezone()
    reinstalled = swiftbio_build() != BUILD_AT_START
    versions = (f"Python {platform.python_version()}; numpy {np.__version__}, scipy {scipy.__version__}, "
                f"scikit-image {skimage.__version__}, opencv-python-headless {cv2.__version__}, "
                f"edt {importlib.metadata.version('edt')}, swiftbio {swiftbio.__version__} "
                f"(installed build of {built:%Y-%m-%d %H:%M %Z})")
    lines = [
        HEADING,
        "",
        "`benchmarks/bench_segmentation.py`: labelling, Euclidean distance transform, watershed, "
        "peak_local_max and thresholds; swiftbio vs scipy.ndimage, scikit-image, OpenCV and the `edt` "
        "package, same inputs, same run.",
        "",
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; whole run {total_seconds:.0f} s.",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores.",
        f"- {versions}.",
        *(["- **Warning: swiftbio was reinstalled while this benchmark ran; the times are of the build "
            "loaded at start, re-run for a clean result.**"] if reinstalled else []),
        "- **This machine is shared and noisy: the ratios matter more than the absolute times.** "
        f"During this run other processes used {100 * others:.0f}% of the machine's CPU capacity "
        "(from /proc/stat minus this process's own CPU time).",
        f"- 2D input: the bundled 512×512 uint16 nuclei image `img2d.tif` tiled 4×4 → 2048×2048 uint16; "
        f"mask = scipy `gaussian_filter` σ=2 > scikit-image Otsu ({100 * info['fg2']:.0f}% foreground, "
        f"{info['objects2']} 8-connected objects); EDT = scipy's; markers = scikit-image "
        f"`peak_local_max(EDT, min_distance=7, labels=label(mask))` ({info['peaks2']} seeds).",
        f"- 3D input: the bundled 31×61×57 uint16 nuclei stack `img3d.tif` tiled 3×9×9 and cropped to "
        f"64×512×512 uint16 (real data, not synthetic blobs); mask = `gaussian_filter` σ=1 > Otsu "
        f"({100 * info['fg3']:.0f}% foreground, {info['objects3']} 26-connected objects: the real "
        f"nuclei are densely packed and merge when thresholded); markers = scikit-image "
        f"`peak_local_max(EDT, min_distance=3, labels=label(mask))` ({info['peaks3']} seeds).",
        "- Inputs are built with scipy/scikit-image only. Each cell: one warm-up call, then the median of "
        f"{MIN_REPEATS}-{MAX_REPEATS} timed repeats (~{CELL_BUDGET:g} s per cell), "
        f"{SLOW_REPEATS} for calls over {SLOW_SECONDS:g} s (scipy 3D EDT, 3D watershed); `time.perf_counter`.",
        "- Threads: `1T`/`2T` = `swiftbio.set_num_threads(n)`, `cv2.setNumThreads(n)`, "
        "`edt.edt(..., parallel=n)`; scipy and scikit-image are single-threaded.",
        "- Correctness: the warm-up result of swiftbio at 1T and at 2T was asserted against the "
        "reference anchor (scikit-image, or scipy for the EDT): `np.array_equal` for labels, watershed, "
        "peak coordinates and Otsu thresholds; max |diff| ≤ 1e-6 for the EDT; ≤ 1e-9 × max |ref| for "
        f"threshold_local. Largest swiftbio deviation seen: {max(r['err'] for r in rows):.2g}.",
        "",
    ]
    lines += median_time_table(rows, time_cols) + [
        "",
        "### Speed-up of swiftbio (anchor time / swiftbio time; >1 = swiftbio faster)",
        "",
        "`best` = the anchor's faster thread count.",
        "",
        "| op | input | " + " | ".join(h for h, _, _ in ratio_cols) + " |",
        "|---|---|" + "---:|" * len(ratio_cols),
    ]
    for r in rows:
        t = r["times"]
        lines.append(f"| {r['op']} | {r['input']} | "
                     + " | ".join(fmt_x(speedup(a(t), s(t))) for _, a, s in ratio_cols) + " |")
    lines += [
        "",
        "### Targets (swiftbio 2T vs the anchor at its best thread count)",
        "",
        "| target | speed-up | status |",
        "|---|---:|---|",
    ]
    by_key = {(r["op"], r["input"]): r for r in rows}
    for text, op, input_name, anchor, goal in TARGETS:
        row = by_key[(op, input_name)] if input_name else next(r for r in rows if r["op"] == op)
        r = speedup(best(row["times"], anchor), row["times"].get("swiftbio 2T"))
        lines.append(f"| {text} | {fmt_x(r)} | {'met' if r >= goal else 'MISSED'} |")
    lines += [
        "",
        "Notes:",
        "",
        "- ‡ OpenCV's `cv2.threshold(..., THRESH_OTSU)` accepts only 8-bit images, so OpenCV is timed on "
        "`img.astype(np.uint8)` (lossless here: the image's maximum is ≤ 255) in the uint16 row; the "
        "uint8 row times every library on that uint8 copy.",
        "- OpenCV label = `cv2.connectedComponents(mask_u8, connectivity=8, ltype=CV_32S)`; scipy label = "
        "`ndi.label` with a full 3×3 (3×3×3) structure. OpenCV EDT = `cv2.distanceTransform(mask_u8, "
        "DIST_L2, DIST_MASK_PRECISE)` (2D only; float32); `edt.edt` returns float32; scipy and swiftbio "
        "return float64. `n/a`: the library has no such function.",
        "- Anchors other than the reference were not asserted; how their (1T) results compare with the "
        "reference: " + "; ".join(anchor_notes) + ".",
        "",
    ]
    section = "\n".join(lines)

    write_section(HEADING, section)
    return section


if __name__ == "__main__":
    t_start = time.perf_counter()
    cpu_start = cpu_snapshot()
    inputs = make_inputs()
    print(f"  inputs ready ({time.perf_counter() - t_start:.0f} s)", file=sys.stderr, flush=True)
    rows, anchor_notes = run(inputs)
    section = write_report(rows, anchor_notes, inputs["info"], cpu_start, cpu_snapshot(),
                           time.perf_counter() - t_start)
    print(section)
    print(f"(wrote {RESULTS}; total {time.perf_counter() - t_start:.0f} s)", file=sys.stderr)
    if swiftbio_build() != BUILD_AT_START:
        print("WARNING: swiftbio was reinstalled during the run; re-run for a clean result.", file=sys.stderr)

"""Benchmark swiftbio's rank filters and morphology against scipy.ndimage,
scikit-image and OpenCV.

Same method as ``bench_segmentation.py`` (whose timing, checking and
formatting helpers this script reuses): one warm-up call per (op, tool),
whose swiftbio result is asserted equal to the reference anchor's, then the
median of timed repeats. swiftbio and OpenCV run at 1 and 2 threads.

Run from the repository root::

    python benchmarks/bench_morphology.py

It prints a markdown report and replaces its section of
``benchmarks/RESULTS.md``.
"""
import datetime
import sys
import time
import warnings

import bench_segmentation as seg  # noqa: E402 (its import of _results sets OPENBLAS_NUM_THREADS first)
from _results import RESULTS, write_section
import cv2
import numpy as np
import scipy.ndimage as ndi
import skimage
import skimage.morphology as skm

import swiftbio
from swiftbio import filters as sbf
from swiftbio import morphology as sbm

HEADING = "## Rank filters and morphology"
# scikit-image 0.26 deprecates binary_erosion/binary_opening (still the reference for ours).
warnings.filterwarnings("ignore", message=".*deprecated since version 0.26", category=FutureWarning)
DISK3, DISK5, BALL2 = skm.disk(3), skm.disk(5), skm.ball(2)
R = cv2.BORDER_REFLECT  # == scipy/scikit-image mode='reflect'


def make_inputs():
    img = swiftbio.io.imread(swiftbio.data.path("img2d.tif"))
    img2 = np.tile(img, (4, 4))                                          # 2048×2048 uint16
    mask2 = ndi.gaussian_filter(img2, 2.0, output=np.float32) > 40      # nuclei foreground
    vol = swiftbio.io.imread(swiftbio.data.path("img3d.tif"))
    vol3 = np.ascontiguousarray(np.tile(vol, (2, 5, 5))[:48, :256, :256])  # 48×256×256 uint16
    return dict(img2=img2, img2_u8=img2.astype(np.uint8), mask2=mask2, mask2_u8=mask2.view(np.uint8),
                vol3=vol3)


OPS = [
    dict(name="median 3×3", input="2048² uint16", ref="scipy", check="exact",
         swiftbio=lambda I: sbf.median(I["img2"], 3),
         scipy=lambda I: ndi.median_filter(I["img2"], 3),
         opencv=lambda I: cv2.medianBlur(I["img2"], 3)),
    dict(name="median 7×7", input="2048² uint16", ref="scipy", check="exact",
         swiftbio=lambda I: sbf.median(I["img2"], 7),
         scipy=lambda I: ndi.median_filter(I["img2"], 7)),
    dict(name="median 15×15", input="2048² uint16", ref="scipy", check="exact",
         swiftbio=lambda I: sbf.median(I["img2"], 15),
         scipy=lambda I: ndi.median_filter(I["img2"], 15)),
    dict(name="median 7×7", input="2048² uint8", ref="scipy", check="exact",
         swiftbio=lambda I: sbf.median(I["img2_u8"], 7),
         scipy=lambda I: ndi.median_filter(I["img2_u8"], 7),
         opencv=lambda I: cv2.medianBlur(I["img2_u8"], 7)),
    dict(name="median disk(3)", input="2048² uint16", ref="scipy", check="exact",
         swiftbio=lambda I: sbf.median(I["img2"], footprint=DISK3),
         scipy=lambda I: ndi.median_filter(I["img2"], footprint=DISK3)),
    dict(name="median 3×3×3", input="48×256² uint16", ref="scipy", check="exact",
         swiftbio=lambda I: sbf.median(I["vol3"], 3),
         scipy=lambda I: ndi.median_filter(I["vol3"], 3)),
    dict(name="minimum 7×7", input="2048² uint16", ref="scipy", check="exact",
         swiftbio=lambda I: sbf.minimum(I["img2"], 7),
         scipy=lambda I: ndi.minimum_filter(I["img2"], 7),
         opencv=lambda I: cv2.erode(I["img2"], np.ones((7, 7), np.uint8), borderType=R)),
    dict(name="erosion disk(5)", input="2048² uint16", ref="skimage", check="exact",
         swiftbio=lambda I: sbm.erosion(I["img2"], DISK5),
         scipy=lambda I: ndi.grey_erosion(I["img2"], footprint=DISK5),
         skimage=lambda I: skm.erosion(I["img2"], DISK5),
         opencv=lambda I: cv2.erode(I["img2"], DISK5, borderType=R)),
    dict(name="white_tophat disk(5)", input="2048² uint16", ref="skimage", check="exact",
         swiftbio=lambda I: sbm.white_tophat(I["img2"], DISK5),
         skimage=lambda I: skm.white_tophat(I["img2"], DISK5),
         opencv=lambda I: cv2.morphologyEx(I["img2"], cv2.MORPH_TOPHAT, DISK5, borderType=R)),
    dict(name="erosion ball(2)", input="48×256² uint16", ref="skimage", check="exact",
         swiftbio=lambda I: sbm.erosion(I["vol3"], BALL2),
         scipy=lambda I: ndi.grey_erosion(I["vol3"], footprint=BALL2),
         skimage=lambda I: skm.erosion(I["vol3"], BALL2)),
    dict(name="binary_erosion disk(3)", input="2048² mask", ref="skimage", check="exact",
         swiftbio=lambda I: sbm.binary_erosion(I["mask2"], DISK3),
         scipy=lambda I: ndi.binary_erosion(I["mask2"], DISK3, border_value=1),
         skimage=lambda I: skm.binary_erosion(I["mask2"], DISK3),
         opencv=lambda I: cv2.erode(I["mask2_u8"], DISK3, borderType=cv2.BORDER_REPLICATE)),
    dict(name="binary_opening disk(3)", input="2048² mask", ref="skimage", check="exact",
         swiftbio=lambda I: sbm.binary_opening(I["mask2"], DISK3),
         skimage=lambda I: skm.binary_opening(I["mask2"], DISK3),
         opencv=lambda I: cv2.morphologyEx(I["mask2_u8"], cv2.MORPH_OPEN, DISK3,
                                           borderType=cv2.BORDER_REPLICATE)),
    dict(name="binary_fill_holes", input="2048² mask", ref="scipy", check="exact",
         swiftbio=lambda I: sbm.binary_fill_holes(I["mask2"]),
         scipy=lambda I: ndi.binary_fill_holes(I["mask2"])),
    dict(name="remove_small_objects max_size=64", input="2048² mask", ref="skimage", check="exact",
         swiftbio=lambda I: sbm.remove_small_objects(I["mask2"], max_size=64),
         skimage=lambda I: skm.remove_small_objects(I["mask2"], max_size=64)),
]

TIME_COLS = ["swiftbio 1T", "swiftbio 2T", "scipy", "skimage", "OpenCV 1T", "OpenCV 2T"]
RATIO_COLS = [("2T vs scipy", "scipy"), ("2T vs skimage", "skimage"), ("2T vs OpenCV best", "OpenCV")]


def write_report(rows, anchor_notes, cpu_start, cpu_end, total_seconds):
    capacity = (cpu_end[0] - cpu_start[0]) * seg.os.cpu_count()
    others = max((cpu_end[1] - cpu_start[1]) - (cpu_end[2] - cpu_start[2]), 0.0) / capacity
    lines = [
        HEADING,
        "",
        "`benchmarks/bench_morphology.py`: rank filters (median, minimum) and grey/binary morphology; "
        "swiftbio vs scipy.ndimage, scikit-image and OpenCV, same inputs, same run.",
        "",
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; whole run {total_seconds:.0f} s; "
        f"CPU: {seg.cpu_model()}, {seg.os.cpu_count()} logical cores; scikit-image {skimage.__version__}, "
        f"opencv {cv2.__version__}, swiftbio {swiftbio.__version__}.",
        "- **Shared, noisy machine: read the ratios.** Other processes used "
        f"{100 * others:.0f}% of the CPU capacity during the run.",
        "- 2D input: the bundled nuclei image tiled 4×4 → 2048×2048 uint16 (and its uint8 copy, "
        "lossless: max ≤ 255); mask = scipy `gaussian_filter` σ=2 > 40. 3D input: the bundled nuclei "
        "stack tiled and cropped to 48×256×256 uint16.",
        "- Each cell: warm-up call (swiftbio's result asserted `np.array_equal` to the reference: "
        "scipy for the filters, scikit-image for morphology), then the median of 3-15 timed repeats "
        "(2 for calls over 1 s). scipy and scikit-image are single-threaded.",
        "",
    ]
    lines += seg.time_tables(rows, TIME_COLS, RATIO_COLS, seg.best)
    lines += [
        "",
        "Notes: OpenCV's `medianBlur` takes uint16 only up to 5×5 (hence the uint8 7×7 row) and "
        "replicates the border; binary ops give OpenCV the mask as uint8 with a replicated border. "
        "Anchors other than the reference were not asserted; how their results compare: "
        + "; ".join(anchor_notes) + ".",
        "",
    ]
    section = "\n".join(lines)
    write_section(HEADING, section)
    return section


if __name__ == "__main__":
    t_start = time.perf_counter()
    cpu_start = seg.cpu_snapshot()
    inputs = make_inputs()
    rows, anchor_notes = seg.run(inputs, OPS)
    print(write_report(rows, anchor_notes, cpu_start, seg.cpu_snapshot(), time.perf_counter() - t_start))
    print(f"(wrote {RESULTS}; total {time.perf_counter() - t_start:.0f} s)", file=sys.stderr)

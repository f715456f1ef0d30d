"""Benchmark swiftbio's region measurements, object matching, marching
cubes and mesh surface area against scikit-image, a vectorised numpy implementation and
StarDist.

Same method as ``bench_segmentation.py`` (whose timing and formatting helpers
this script reuses): one warm-up call per (op, tool) whose result is asserted
equal to the reference's, then the median of timed repeats. swiftbio runs at
1 and 2 threads; scikit-image, numpy and StarDist are single-threaded.

Input: the bundled 512×512 nuclei image and its ground-truth labels, tiled
4×4 to 2048×2048 (uint16 intensity, int32 labels; each tile's ids offset so
all ~2000 nuclei are distinct, ids not consecutive). For matching, the
prediction is that label image shifted by (2, -3), eroded once per label and
renumbered at random.

Run from the repository root::

    python benchmarks/bench_measure.py

It prints a markdown report and replaces its section of
``benchmarks/RESULTS.md``.
"""
import datetime
import math
import sys
import time
import warnings

import bench_segmentation as seg  # noqa: E402 (its import of _results sets OPENBLAS_NUM_THREADS first)
from _results import RESULTS, write_section
import numpy as np
import scipy.ndimage as ndi
import skimage
import skimage.measure

import swiftbio
from swiftbio import measure as sb_measure
from swiftbio import metrics as sb_metrics

try:
    import stardist
    import stardist.matching as sd_matching
except ImportError:           # the matching row needs it (python/requirements-test.txt installs it)
    stardist = sd_matching = None

HEADING = "## Measurement"

BASIC = ("label", "area", "intensity_mean", "centroid", "axis_major_length", "axis_minor_length",
         "eccentricity", "bbox")
FULL = ("label", "area", "bbox", "centroid", "centroid_weighted", "intensity_mean", "intensity_min",
        "intensity_max", "intensity_std", "moments", "moments_central", "inertia_tensor",
        "inertia_tensor_eigvals", "axis_major_length", "axis_minor_length", "orientation", "eccentricity",
        "equivalent_diameter_area", "extent", "perimeter", "solidity", "area_convex", "feret_diameter_max",
        "euler_number")


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------
def make_inputs():
    """Tiled real nuclei, built with numpy/scipy only (not with swiftbio)."""
    img = swiftbio.io.imread(swiftbio.data.path("img2d.tif"))
    mask = swiftbio.io.imread(swiftbio.data.path("mask2d.tif")).astype(np.int32)
    step = int(mask.max()) + 1
    labels = np.zeros((4 * mask.shape[0], 4 * mask.shape[1]), np.int32)
    for k in range(16):
        i, j = divmod(k, 4)
        labels[i * 512:(i + 1) * 512, j * 512:(j + 1) * 512] = np.where(mask > 0, mask + k * step, 0)
    shifted = np.zeros_like(labels)
    shifted[2:, :-3] = labels[:-2, 3:]
    eroded = np.where(ndi.minimum_filter(shifted, 3) == ndi.maximum_filter(shifted, 3), shifted, 0)
    ids = np.unique(eroded)
    ids = ids[ids != 0]
    lut = np.zeros(int(eroded.max()) + 1, np.int32)
    lut[ids] = 1 + 2 * np.random.default_rng(0).permutation(len(ids))
    predicted = lut[eroded]
    # A surface mesh (scikit-image's marching cubes) of the bundled 3D stack tiled 2x2x2, anisotropic voxels.
    volume = np.tile(swiftbio.io.imread(swiftbio.data.path("img3d.tif")), (2, 2, 2)).astype(np.float32)
    verts, faces, _, _ = skimage.measure.marching_cubes(volume, level=float(np.percentile(volume, 90)),
                                                        spacing=(2.0, 0.5, 0.5))
    inputs = dict(img=np.tile(img, (4, 4)), labels=labels, predicted=predicted, verts=verts, faces=faces,
                  info=dict(objects=len(np.unique(labels)) - 1, predicted=len(ids), faces=len(faces)))
    inputs["stack"] = volume
    inputs["stack_level"] = float(np.percentile(volume, 90))
    # Marching-cubes volumes: 40 Gaussian blobs (sigma n/16) at random
    # positions, cut at half the median value at their centres (a few dozen
    # closed surfaces, some merged); and smoothed uniform noise (sigma 4)
    # cut at its mean, a worst case whose surface crosses one cube in six.
    rng = np.random.default_rng(0)
    for n in (128, 256):
        points = np.zeros((n, n, n), np.float32)
        centres = tuple(rng.integers(0, n, (3, 40)))
        points[centres] = 1
        blobs = ndi.gaussian_filter(points, n / 16)
        inputs[f"blobs{n}"] = blobs
        inputs[f"blobs{n}_level"] = float(0.5 * np.median(blobs[centres]))
    noise = ndi.gaussian_filter(rng.random((128, 128, 128)).astype(np.float32), 4)
    inputs["noise128"] = noise
    inputs["noise128_level"] = float(noise.mean())
    return inputs


# ---------------------------------------------------------------------------
# The numpy anchor: the BASIC properties from np.bincount sums
# ---------------------------------------------------------------------------
def numpy_regionprops(labels, intensity):
    """BASIC as a dict like scikit-image's regionprops_table (2D only):
    per-label sums with np.bincount, second moments about the centroid
    (two passes), eigenvalues of the 2x2 inertia tensor in closed form,
    bounding boxes with np.minimum.at / np.maximum.at."""
    width = labels.shape[1]
    flat = labels.ravel()
    pixels = np.flatnonzero(flat)
    lab = flat[pixels]
    n = int(lab.max(initial=0)) + 1
    count = np.bincount(lab, minlength=n)
    ids = np.flatnonzero(count)
    area = count[ids].astype(np.float64)
    rows, cols = pixels // width, pixels % width
    mean = np.bincount(lab, weights=intensity.ravel()[pixels], minlength=n)[ids] / area
    centroid = [np.bincount(lab, weights=x, minlength=n)[ids] / area for x in (rows, cols)]
    lut = np.zeros(n)
    lut[ids] = centroid[0]
    dr = rows - lut[lab]
    lut[ids] = centroid[1]
    dc = cols - lut[lab]
    var_r, var_c, cov = (np.bincount(lab, weights=w, minlength=n)[ids] / area for w in (dr * dr, dc * dc, dr * dc))
    half_sum, half_diff = (var_r + var_c) / 2, (var_r - var_c) / 2
    root = np.sqrt(half_diff * half_diff + cov * cov)
    l1, l2 = half_sum + root, np.maximum(half_sum - root, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        eccentricity = np.where(l1 > 0, np.sqrt(np.maximum(1 - l2 / l1, 0.0)), 0.0)
    bbox = []
    for coord, reduce, fill, past_end in ((rows, np.minimum, n * width, 0), (cols, np.minimum, width, 0),
                                          (rows, np.maximum, -1, 1), (cols, np.maximum, -1, 1)):
        out = np.full(n, fill, np.int64)
        reduce.at(out, lab, coord)
        bbox.append(out[ids] + past_end)
    return {
        "label": ids.astype(np.int64), "area": area, "intensity_mean": mean,
        "centroid-0": centroid[0], "centroid-1": centroid[1],
        "axis_major_length": 4 * np.sqrt(l1), "axis_minor_length": 4 * np.sqrt(l2),
        "eccentricity": eccentricity,
        "bbox-0": bbox[0], "bbox-1": bbox[1], "bbox-2": bbox[2], "bbox-3": bbox[3],
    }


def skimage_table(labels, intensity, properties):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return skimage.measure.regionprops_table(labels, intensity, properties=properties)


# ---------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------
def check_table(result, reference, what):
    """Same keys in order; integer columns equal; float columns within
    rtol 1e-6 + 1e-9 × the larger of the column's magnitude and the object's
    magnitude over the property's columns (first central moments are zero
    up to rounding); eccentricity: atol 1e-6; axis lengths: atol 1e-6 × the
    column's magnitude; orientation modulo pi, except objects with an
    isotropic inertia tensor. Returns the largest relative deviation."""
    assert list(result) == list(reference), f"{what}: keys {list(result)} != {list(reference)}"
    row_scale = {}
    for key, want in reference.items():
        prop = key.split("-")[0]
        magnitude = np.where(np.isfinite(want), np.abs(want.astype(np.float64)), 0.0)
        row_scale[prop] = np.maximum(row_scale.get(prop, 0.0), magnitude)
    isotropic = None
    if "inertia_tensor-0-0" in reference:
        a, b, c = (reference[k] for k in ("inertia_tensor-0-0", "inertia_tensor-0-1", "inertia_tensor-1-1"))
        isotropic = (np.abs(a - c) <= 1e-9 * (a + c)) & (np.abs(b) <= 1e-9 * (a + c))
    worst = 0.0
    for key, want in reference.items():
        got = np.asarray(result[key])
        assert got.shape == want.shape, f"{what}: {key} shape {got.shape} != {want.shape}"
        if want.dtype.kind in "iu":
            assert np.array_equal(got, want), f"{what}: {key} differs"
            continue
        if key == "orientation":
            d = np.abs(got - want) % math.pi
            d = np.minimum(d, math.pi - d)
            if isotropic is not None:
                d = d[~isotropic]
            assert np.all(d <= 1e-6), f"{what}: orientation differs by up to {d.max():.3g} rad"
            continue
        scale = float(np.abs(want[np.isfinite(want)]).max(initial=0.0))
        if key == "eccentricity":
            atol = 1e-6
        elif key.startswith("axis_"):
            atol = 1e-6 * scale
        else:
            atol = 1e-9 * np.maximum(scale, row_scale[key.split("-")[0]])
        ok = np.isclose(got, want, rtol=1e-6, atol=atol, equal_nan=True)
        assert ok.all(), f"{what}: {key}: {int((~ok).sum())} rows differ, e.g. {got[~ok][0]!r} vs {want[~ok][0]!r}"
        finite = np.isfinite(want) & (np.abs(want) > atol)
        if finite.any():
            worst = max(worst, float(np.max(np.abs(got[finite] - want[finite]) / np.abs(want[finite]))))
    return worst


def check_area(result, reference, what):
    """Within rtol 1e-12 (the faces are summed in another order)."""
    assert math.isclose(result, reference, rel_tol=1e-12), f"{what}: {result!r} != {reference!r}"
    return abs(result - reference) / abs(reference)


def check_mesh(result, reference, what):
    """Vertices, faces, normals and values equal (same dtypes, bit for bit)."""
    for name, got, want in zip(("verts", "faces", "normals", "values"), result, reference):
        assert got.shape == want.shape and got.dtype == want.dtype, f"{what}: {name} {got.shape} vs {want.shape}"
        assert np.array_equal(got, want), f"{what}: {name} differ"
    return 0.0


def mesh_op(key, description):
    return dict(name="marching_cubes", input=description, ref="skimage", check=check_mesh,
                swiftbio=lambda I: sb_measure.marching_cubes(I[key], I[key + "_level"]),
                skimage=lambda I: skimage.measure.marching_cubes(I[key], I[key + "_level"]))


MATCH_COUNTS = ("fp", "tp", "fn", "n_true", "n_pred")
MATCH_FLOATS = ("precision", "recall", "accuracy", "f1", "mean_true_score", "mean_matched_score", "panoptic_quality")


def check_matching(result, reference, what):
    """Counts equal; the other fields within rtol 1e-6 (StarDist's scores are float32)."""
    for field in MATCH_COUNTS:
        assert int(getattr(result, field)) == int(getattr(reference, field)), f"{what}: {field}"
    worst = 0.0
    for field in MATCH_FLOATS:
        got, want = float(getattr(result, field)), float(getattr(reference, field))
        assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-12), f"{what}: {field} {got!r} != {want!r}"
        worst = max(worst, abs(got - want) / abs(want) if want else abs(got))
    return worst


# ---------------------------------------------------------------------------
# The ops: tool -> callable(inputs); `ref` names the tool whose result every
# other tool's is asserted against with `check`.
# ---------------------------------------------------------------------------
OPS = [
    dict(name="regionprops_table, 8 basic properties", input="2048² int32 labels + uint16",
         ref="skimage", check=check_table,
         swiftbio=lambda I: sb_measure.regionprops_table(I["labels"], I["img"], properties=BASIC),
         skimage=lambda I: skimage_table(I["labels"], I["img"], BASIC),
         numpy=lambda I: numpy_regionprops(I["labels"], I["img"])),
    dict(name="regionprops_table, all 24 properties", input="2048² int32 labels + uint16",
         ref="skimage", check=check_table,
         swiftbio=lambda I: sb_measure.regionprops_table(I["labels"], I["img"], properties=FULL),
         skimage=lambda I: skimage_table(I["labels"], I["img"], FULL)),
    dict(name="matching, IoU, thresh=0.5", input="2048² labels vs shifted, eroded copy",
         ref="stardist", check=check_matching,
         swiftbio=lambda I: sb_metrics.matching(I["labels"], I["predicted"], thresh=0.5),
         stardist=(None if sd_matching is None
                   else lambda I: sd_matching.matching(I["labels"], I["predicted"], thresh=0.5))),
    dict(name="mesh_surface_area", input="marching-cubes mesh of the 3D stack tiled 2×2×2",
         ref="skimage", check=check_area,
         swiftbio=lambda I: sb_measure.mesh_surface_area(I["verts"], I["faces"]),
         skimage=lambda I: skimage.measure.mesh_surface_area(I["verts"], I["faces"])),
    mesh_op("blobs128", "128³ float32, 40 blobs"),
    mesh_op("blobs256", "256³ float32, 40 blobs"),
    mesh_op("noise128", "128³ float32, smoothed noise (dense surface)"),
    mesh_op("stack", "3D stack tiled 2×2×2 (62×122×114)"),
]

# (column label, op key, threads or None for single-threaded libraries)
TOOLS = [
    ("skimage", "skimage", None),
    ("numpy", "numpy", None),
    ("StarDist", "stardist", None),
    ("swiftbio 1T", "swiftbio", 1),
    ("swiftbio 2T", "swiftbio", 2),
]


def run(inputs, ops=OPS):
    """Time every op with every tool; assert each result against the op's reference."""
    rows = []
    for op in ops:
        times, reference, worst = {}, None, {}
        order = [op["ref"]] + [lib for _, lib, _ in TOOLS if lib != op["ref"]]
        for lib in dict.fromkeys(order):
            if op.get(lib) is None:
                continue
            for label, tool_lib, threads in TOOLS:
                if tool_lib != lib:
                    continue
                if lib == "swiftbio":
                    seg.set_threads("swiftbio", threads)
                seconds, result = seg.time_call(op[lib], inputs)
                times[label] = seconds
                if lib == op["ref"]:
                    reference = result
                else:
                    worst[label] = op["check"](result, reference, f"{op['name']} / {label}")
                del result
        rows.append(dict(op=op["name"], input=op["input"], ref=op["ref"], times=times, worst=worst))
        print(f"  {op['name']:<40} " + "  ".join(f"{k}={v * 1e3:.3g}ms" for k, v in times.items()),
              file=sys.stderr, flush=True)
    swiftbio.set_num_threads(None)
    return rows


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
TIME_COLS = ["swiftbio 1T", "swiftbio 2T", "skimage", "numpy", "StarDist"]
RATIO_COLS = [("2T vs skimage", "skimage"), ("2T vs numpy", "numpy"), ("2T vs StarDist", "StarDist")]


def write_report(rows, info, cpu_start, cpu_end, total_seconds):
    capacity = (cpu_end[0] - cpu_start[0]) * seg.os.cpu_count()
    others = max((cpu_end[1] - cpu_start[1]) - (cpu_end[2] - cpu_start[2]), 0.0) / capacity
    stardist_version = "not installed (no matching row)" if stardist is None else stardist.__version__
    worst = max((v for r in rows for v in r["worst"].values()), default=0.0)
    lines = [
        HEADING,
        "",
        "`benchmarks/bench_measure.py`: region properties, object matching and mesh surface area; swiftbio vs "
        "scikit-image's `regionprops_table`, a vectorised numpy (`np.bincount`) implementation and "
        "StarDist's `matching`, same inputs, same run.",
        "",
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; whole run {total_seconds:.0f} s; "
        f"CPU: {seg.cpu_model()}, {seg.os.cpu_count()} logical cores; numpy {np.__version__}, "
        f"scikit-image {skimage.__version__}, StarDist {stardist_version}, swiftbio {swiftbio.__version__}.",
        "- **Shared, noisy machine: read the ratios.** Other processes used "
        f"{100 * others:.0f}% of the CPU capacity during the run.",
        f"- Input: the bundled nuclei image and its ground-truth labels tiled 4×4 → 2048×2048 (uint16 "
        f"intensity, int32 labels, {info['objects']} nuclei, ids offset per tile, not consecutive). Matching: "
        f"those labels vs a copy shifted by (2, −3), eroded once per label (3×3) and renumbered "
        f"({info['predicted']} objects). Mesh: scikit-image's `marching_cubes` of the bundled 3D stack tiled "
        f"2×2×2 (float32, level = 90th percentile, spacing (2, 0.5, 0.5)), {info['faces']} triangles. "
        "Marching cubes (level given): that tiled stack; 40 Gaussian blobs (sigma n/16, random centres) in "
        "128³ and 256³ float32, cut at half the median value at their centres; smoothed uniform noise (sigma 4, 128³) cut at its "
        "mean, a surface through one cube in six (worst case).",
        f"- Basic properties: {', '.join(BASIC)}. All {len(FULL)}: {', '.join(FULL)}.",
        "- Each cell: warm-up call, whose result was asserted against the reference (scikit-image for the "
        "tables: same keys, integer columns equal, floats within rtol 1e-6; StarDist for matching: counts "
        "equal, scores within rtol 1e-6 as StarDist's are float32; scikit-image for the mesh area: within rtol 1e-12; "
        "scikit-image for marching cubes: vertices, faces, normals and values equal), then the median of 3-15 timed repeats "
        f"(2 for calls over 1 s). Largest relative deviation seen: {worst:.2g}. scikit-image, numpy and "
        "StarDist are single-threaded.",
        "",
    ]
    lines += seg.time_tables(rows, TIME_COLS, RATIO_COLS, lambda t, col: t.get(col))
    lines += [
        "",
        "Notes: the numpy anchor computes only the basic properties (the same columns, asserted against "
        "scikit-image like swiftbio's). `n/a`: the tool has no such function.",
        "",
    ]
    section = "\n".join(lines)
    write_section(HEADING, section)
    return section


if __name__ == "__main__":
    t_start = time.perf_counter()
    cpu_start = seg.cpu_snapshot()
    inputs = make_inputs()
    print(f"  inputs ready ({time.perf_counter() - t_start:.0f} s)", file=sys.stderr, flush=True)
    rows = run(inputs)
    print(write_report(rows, inputs["info"], cpu_start, seg.cpu_snapshot(), time.perf_counter() - t_start))
    print(f"(wrote {RESULTS}; total {time.perf_counter() - t_start:.0f} s)", file=sys.stderr)

"""``swiftbio.measure.regionprops_table`` against scikit-image's
``skimage.measure.regionprops_table``.

Every expected column is computed by scikit-image in the test itself (once
per case and property, cached) and compared per property, so a failure
names the property. Same keys in the same order, same dtypes; label, bbox
and euler_number (and area at unit spacing) identical; other columns within
``rtol=1e-6`` plus an absolute floor of ``1e-9`` times the larger of the
object's largest magnitude over that property's columns and the column's
largest magnitude (central moments and inertia-tensor terms of symmetric
objects, the small eigenvalue of a line, are zeros that only rounding makes
nonzero). That floor still rejects central moments converted from raw
moments about the image origin (5th-order terms of the 512x512 nuclei lose
their 6th digit); about the bounding-box corner, as scikit-image does, they
pass. Wider or special where the quantity is ill-conditioned:

* ``eccentricity``: ``atol=1e-6`` (``sqrt(1 - l2/l1)`` turns rounding of
  equal eigenvalues into ~1e-8);
* axis lengths: ``atol=1e-6`` times the column's largest value (square roots
  of eigenvalues that are zero up to rounding);
* ``orientation``: compared modulo pi (an object with a vanishing off-diagonal
  inertia term sits at +-pi/2, and the sign of a rounding-level term picks
  which); not compared for objects whose inertia tensor is isotropic (up to
  1e-9 relative), where the angle is undefined -- ``test_orientation_of_
  isotropic_objects`` pins scikit-image's -pi/4 for exactly symmetric ones;
* 3D ``area_convex`` / ``solidity`` / ``feret_diameter_max`` of objects whose
  voxel centres are coplanar (single voxels, lines, one-voxel-thick plates):
  scikit-image's qhull call fails there (it warns and returns 0, hence
  solidity inf, and ``feret_diameter_max`` raises). Accepted for such rows:
  scikit-image's fallback (0 / inf / NaN) or the value its own method gives
  without the failing first hull (the hull of the voxels' face centres).

Inputs: bool labels are one object (scikit-image refuses bool; its message
says to use ``astype(np.uint8)``, which is the reference here).

``SWIFTBIO_TEST_REFERENCE=1`` runs the suite with scikit-image itself
(wrapped as described above) in place of swiftbio's function, which
validates the tests; checks of swiftbio-only behaviour are skipped then.
"""
import os

REFERENCE = os.environ.get("SWIFTBIO_TEST_REFERENCE") == "1"  # run the suite against scikit-image itself

import functools
import importlib
import math
import warnings

import numpy as np
import pytest
import scipy.ndimage as ndi
import skimage.measure
import skimage.segmentation
import tifffile
from scipy.spatial import ConvexHull
from scipy.spatial.distance import pdist

import swiftbio

# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

ALL_PROPERTIES = (
    "label", "area", "bbox", "centroid", "centroid_weighted", "intensity_mean", "intensity_min",
    "intensity_max", "intensity_std", "moments", "moments_central", "inertia_tensor",
    "inertia_tensor_eigvals", "axis_major_length", "axis_minor_length", "orientation",
    "eccentricity", "equivalent_diameter_area", "extent", "perimeter", "solidity", "area_convex",
    "feret_diameter_max", "euler_number",
)
ONLY_2D = ("orientation", "eccentricity", "perimeter")
INTENSITY = ("centroid_weighted", "intensity_mean", "intensity_min", "intensity_max", "intensity_std")
CONVEX = ("solidity", "area_convex", "feret_diameter_max")
EXACT = ("label", "bbox", "euler_number")
ANISOTROPIC_UNSUPPORTED = ("perimeter",)   # scikit-image: NotImplementedError for anisotropic spacing


def properties_for(ndim, spacing=None):
    props = [p for p in ALL_PROPERTIES if ndim == 2 or p not in ONLY_2D]
    if not _isotropic(spacing, ndim):
        props = [p for p in props if p not in ANISOTROPIC_UNSUPPORTED]
    return tuple(props)


def _spacing_array(spacing, ndim):
    return np.broadcast_to(np.asarray(1.0 if spacing is None else spacing, dtype=float), (ndim,))


def _isotropic(spacing, ndim):
    return len(np.unique(_spacing_array(spacing, ndim))) == 1


# --------------------------------------------------------------------------
# The reference: scikit-image, with the two adaptations described above
# --------------------------------------------------------------------------

def _as_skimage_labels(label_image):
    label_image = np.asarray(label_image)
    return label_image.astype(np.uint8) if label_image.dtype == bool else label_image


def _skimage_column(label_image, intensity_image, prop, spacing, separator):
    """scikit-image's columns for one property; 3D feret_diameter_max per
    region, NaN where scikit-image raises (coplanar voxels)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # qhull failures, 0/0 weighted centroids, empty images
        if prop == "feret_diameter_max" and label_image.ndim == 3:
            # scikit-image raises even for an empty 3D image (it measures a dummy single voxel)
            regions = skimage.measure.regionprops(label_image, spacing=spacing)
            values = []
            for region in regions:
                try:
                    values.append(region.feret_diameter_max)
                except ValueError:                         # only ever for coplanar voxels
                    coords = region.coords
                    assert np.linalg.matrix_rank(coords - coords[0]) < 3, region.label
                    values.append(np.nan)
            return {prop: np.array(values, dtype=np.float64)}
        return skimage.measure.regionprops_table(
            label_image, intensity_image, properties=(prop,), spacing=spacing, separator=separator)


def reference_regionprops_table(label_image, intensity_image=None, properties=("label", "bbox"), *,
                                spacing=None, separator="-", as_dataframe=False):
    """scikit-image's regionprops_table with swiftbio's signature."""
    label_image = _as_skimage_labels(label_image)
    table = {}
    for prop in properties:
        table.update(_skimage_column(label_image, intensity_image, prop, spacing, separator))
    if as_dataframe:
        import pandas
        return pandas.DataFrame(table)
    return table


class _UnderTest:
    """``sb.regionprops_table`` is swiftbio's -- or, when REFERENCE,
    scikit-image's. Resolved at call time, so a missing function fails only
    the tests that call it."""

    def __getattr__(self, name):
        if REFERENCE:
            return {"regionprops_table": reference_regionprops_table}[name]
        return getattr(importlib.import_module("swiftbio.measure"), name)


sb = _UnderTest()
swiftbio_only = pytest.mark.skipif(REFERENCE, reason="swiftbio-only behaviour; the reference differs")


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def _columns(table, prop, separator="-"):
    return [k for k in table if k == prop or k.startswith(prop + separator)]


def _abs_finite(column):
    column = np.abs(np.asarray(column, dtype=np.float64))
    return np.where(np.isfinite(column), column, 0.0)


def _isotropic_rows(label_image, spacing):
    """Rows whose inertia tensor is isotropic up to rounding (2D): orientation undefined."""
    t = reference_regionprops_table(label_image, properties=("inertia_tensor",), spacing=spacing)
    a, b, c = t["inertia_tensor-0-0"], t["inertia_tensor-0-1"], t["inertia_tensor-1-1"]
    scale = np.abs(a) + np.abs(c)
    return (np.abs(a - c) <= 1e-9 * scale) & (np.abs(b) <= 1e-9 * scale)


_DIAMOND_3D = np.array([[-0.5, 0, 0], [0.5, 0, 0], [0, -0.5, 0], [0, 0.5, 0], [0, 0, -0.5], [0, 0, 0.5]])


def _hull_of_face_centres(mask):
    """scikit-image's 3D convex_hull_image minus its first hull of voxel
    centres (the step qhull rejects for coplanar centres): the hull of every
    voxel's face centres, rasterised with scikit-image's test and tolerance."""
    points = np.unique((np.argwhere(mask)[:, None, :] + _DIAMOND_3D).reshape(-1, 3), axis=0)
    hull = ConvexHull(points)
    grid = np.indices(mask.shape).reshape(3, -1).T.astype(np.float64)
    inside = np.all(grid @ hull.equations[:, :3].T + hull.equations[:, 3] < 1e-10, axis=1)
    return inside.reshape(mask.shape)


_COPLANAR = {}


def coplanar_alternatives(label_image, spacing):
    """{row: {prop: accepted values}} for 3D objects whose voxel centres are
    coplanar: scikit-image's fallback, or the hull of the face centres."""
    label_image = _as_skimage_labels(label_image)
    if label_image.ndim != 3:
        return {}
    spacing = _spacing_array(spacing, 3)
    key = (label_image.tobytes(), label_image.shape, label_image.dtype.str, tuple(spacing))
    if key in _COPLANAR:
        return _COPLANAR[key]
    out = {}
    slices = [(lab, sl) for lab, sl in enumerate(ndi.find_objects(label_image), start=1) if sl is not None]
    for row, (lab, sl) in enumerate(slices):
        mask = label_image[sl] == lab
        coords = np.argwhere(mask)
        if np.linalg.matrix_rank(coords - coords[0]) == 3:
            continue
        hull = _hull_of_face_centres(mask)
        area = mask.sum() * np.prod(spacing)
        area_convex = hull.sum() * np.prod(spacing)
        vertices = skimage.measure.marching_cubes(np.pad(hull, 2).astype(np.float64), level=0.5)[0]
        feret = math.sqrt(np.max(pdist(vertices * spacing, "sqeuclidean")))
        out[row] = {
            "area_convex": (0.0, area_convex),
            "solidity": (np.inf, area / area_convex),
            "feret_diameter_max": (np.nan, feret),
        }
    _COPLANAR[key] = out
    return out


def _assert_close(key, got, want, rtol, atol, ids):
    ok = np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    bad = np.flatnonzero(~ok)
    assert bad.size == 0, (
        f"{key}: {bad.size} of {want.size} rows differ beyond rtol={rtol:g} + atol; first: label "
        f"{ids[bad[0]]}: {got[bad[0]]!r} != {want[bad[0]]!r} (atol {np.broadcast_to(atol, want.shape)[bad[0]]:.3g})")


def assert_property(result, expected, prop, label_image, spacing=None, separator="-"):
    """Compare the columns of one property (see the module docstring)."""
    keys = _columns(expected, prop, separator)
    assert keys, f"the reference has no column for {prop!r}"
    label_image = _as_skimage_labels(label_image)
    ndim = label_image.ndim
    ids = np.unique(label_image)
    ids = ids[ids != 0]
    n = len(expected[keys[0]])
    # the magnitude of this property for each object (row), and over all objects
    row_scale = np.max([_abs_finite(expected[k]) for k in keys], axis=0) if n else np.zeros(0)
    skip_rows = np.zeros(n, bool)
    alternatives = {}
    if prop in CONVEX and ndim == 3:
        alternatives = coplanar_alternatives(label_image, spacing)
        skip_rows[list(alternatives)] = True
    if prop == "orientation":
        skip_rows |= _isotropic_rows(label_image, spacing)
    keep = ~skip_rows
    for key in keys:
        assert key in result, f"missing column {key!r}; got {list(result)}"
        got = np.asarray(result[key])
        want = expected[key]
        assert got.shape == want.shape, f"{key}: shape {got.shape} != {want.shape}"
        assert got.dtype == want.dtype, f"{key}: dtype {got.dtype} != {want.dtype}"
        if prop in EXACT or (prop == "area" and np.all(_spacing_array(spacing, ndim) == 1)):
            mismatch = np.flatnonzero(got != want)
            assert mismatch.size == 0, (
                f"{key}: {mismatch.size} of {want.size} rows differ; first: label {ids[mismatch[0]]}: "
                f"{got[mismatch[0]]} != {want[mismatch[0]]}")
            continue
        if prop == "orientation":
            assert np.all(np.abs(got) <= math.pi / 2 + 1e-12), f"{key}: outside [-pi/2, pi/2]"
            d = np.abs(got - want) % math.pi
            d = np.minimum(d, math.pi - d)
            bad = np.flatnonzero(keep & ~(d <= 1e-6))
            assert bad.size == 0, (f"{key}: {bad.size} rows differ (mod pi); first: label {ids[bad[0]]}: "
                                   f"{got[bad[0]]} != {want[bad[0]]}")
            continue
        if prop == "eccentricity":
            atol = 1e-6
        elif prop in ("axis_major_length", "axis_minor_length"):
            atol = 1e-6 * float(row_scale.max(initial=0.0))
        else:
            atol = 1e-9 * np.maximum(row_scale, _abs_finite(want).max(initial=0.0))
        _assert_close(key, got[keep], want[keep], 1e-6, np.broadcast_to(atol, want.shape)[keep], ids[keep])
        for row, accepted in alternatives.items():
            ok = any(np.isclose(got[row], value, rtol=1e-6, atol=1e-9, equal_nan=True)
                     for value in accepted[prop])
            assert ok, f"{key} label {ids[row]} (coplanar voxels): {got[row]} not one of {accepted[prop]}"


def assert_table(result, expected, properties, label_image, spacing=None):
    assert isinstance(result, dict), type(result)
    assert list(result) == list(expected), f"keys {list(result)} != {list(expected)}"
    for prop in properties:
        assert_property(result, expected, prop, label_image, spacing)


# --------------------------------------------------------------------------
# Inputs (fixed seeds)
# --------------------------------------------------------------------------

def smooth_noise(shape, seed, sigma):
    return ndi.gaussian_filter(np.random.default_rng(seed).standard_normal(shape), sigma)


def scatter_ids(labels, seed, first=2, step=3, dtype=None):
    """Map ids 1..n to a shuffled non-consecutive set {first, first+step, ...}."""
    n = int(labels.max())
    new = np.zeros(n + 1, np.int64)
    new[1:] = first + step * np.random.default_rng(seed).permutation(n)
    out = new[labels]
    return out.astype(dtype) if dtype is not None else out


def blob_labels(shape, seed, sigma, fraction=0.4):
    s = smooth_noise(shape, seed, sigma)
    return ndi.label(s > np.quantile(s, 1 - fraction))[0]


def tiles_with_holes(shape, seed, n, holes=0.07, empty_tiles=0.2):
    """Touching Voronoi tiles, some removed (background), random one-pixel
    holes (Euler numbers below 1, solidity below 1) and one ring per image."""
    rng = np.random.default_rng(seed)
    seeds = np.zeros(shape, np.int32)
    for k in range(1, n + 1):
        seeds[tuple(int(rng.integers(0, s)) for s in shape)] = k
    tiles = skimage.segmentation.expand_labels(seeds, distance=sum(shape))
    dropped = rng.choice(np.arange(1, n + 1), size=int(empty_tiles * n), replace=False)
    tiles[np.isin(tiles, dropped)] = 0
    tiles[rng.random(shape) < holes] = 0
    grid = np.indices(shape)
    centre = [s // 2 for s in shape]
    r2 = sum((g - c) ** 2 for g, c in zip(grid, centre))
    tiles[(r2 >= 4) & (r2 < 10)] = n + 1            # a ring (2D) / hollow shell (3D) around another tile
    return tiles


def positive_intensity(shape, seed, dtype):
    s = smooth_noise(shape, seed, 1.5)
    s = (s - s.min()) / (np.ptp(s) or 1.0)
    if dtype == np.uint8:
        return np.round(s * 255).astype(np.uint8)          # includes zeros
    if dtype == np.uint16:
        return np.round(s * 60000).astype(np.uint16)
    if dtype == np.float32:
        return (s * 80 + 20).astype(np.float32)
    return (s * 110 - 10).astype(np.float64)               # some negatives


def thin_2d():
    """Single pixels (two at the image corners), lines 1 pixel thick in four
    directions, a ring, a plus, a 2x2 square, an object in two distant
    pieces, an object along the border; intensity zero on one single pixel."""
    lab = np.zeros((30, 40), np.uint8)
    lab[0, 0] = 250
    lab[29, 39] = 7
    lab[5, 5] = 9
    lab[3, 10:20] = 11                                  # horizontal line
    lab[8:20, 2] = 13                                   # vertical line
    idx = np.arange(8)
    lab[10 + idx, 10 + idx] = 14                        # diagonal line (8-connected)
    lab[20 - idx, 20 + idx] = 15                        # anti-diagonal line
    lab[22:25, 30:33] = 16
    lab[23, 31] = 0                                      # 3x3 ring: Euler number 0
    lab[26, 5:8] = 17
    lab[25:28, 6] = 17                                   # plus
    lab[12:14, 25:27] = 18                               # 2x2 square
    lab[27:30, 12:14] = 19                               # touches the bottom border
    lab[6:8, 30:35] = 20
    lab[15, 33:39] = 20                                  # two distant pieces, one label
    lab[0, 22:35] = 21                                   # along the top border
    lab[14:18, 30:32] = 22
    lab[17, 32:35] = 22                                  # L shape
    intensity = positive_intensity(lab.shape, 5, np.uint8)
    intensity[intensity == 0] = 1
    intensity[5, 5] = 0                                  # -> NaN weighted centroid for label 9
    return lab, intensity


def thin_3d():
    """Single voxels, lines, a one-voxel-thick plate and a 3-voxel L in one
    plane (coplanar: scikit-image's 3D hull fails), a 2x2x2 cube, a hollow
    3x3x3 cube (a cavity: Euler number 2), a two-layer ring (a tunnel:
    Euler number 0), an object touching the border."""
    lab = np.zeros((8, 9, 10), np.uint16)
    lab[0, 0, 0] = 3
    lab[4, 4, 9] = 5
    lab[1, 2:7, 2] = 6                                   # line along axis 1
    lab[6, 1, 3:9] = 8                                   # line along axis 2, bottom-ish
    lab[2:7, 8, 0] = 10                                  # line along axis 0, on two borders
    lab[3, 1:4, 5:9] = 12                                # plate
    lab[5, 6, 2] = 13
    lab[5, 7, 2] = 13
    lab[5, 6, 3] = 13                                    # three voxels in one plane
    lab[0:2, 0:2, 7:9] = 14                              # cube at the top border
    lab[5:8, 3:6, 5:8] = 15
    lab[6, 4, 6] = 0                                     # hollow cube: cavity
    lab[2:4, 5:8, 1:4] = 16
    lab[2:4, 6, 2] = 0                                   # two-layer ring: tunnel
    idx = np.arange(4)
    lab[4 + idx % 2, idx, idx] = 17                      # zig-zag diagonal (coplanar too)
    intensity = positive_intensity(lab.shape, 6, np.uint16)
    return lab, intensity


@functools.lru_cache(maxsize=None)
def bundled(name):
    return tifffile.imread(swiftbio.data.path(name))


def _blobs_2d():
    lab = scatter_ids(blob_labels((61, 67), 1, 1.6), 11, dtype=np.uint16)
    return lab, positive_intensity(lab.shape, 12, np.uint16)


def _tiles_2d():
    lab = tiles_with_holes((48, 53), 2, 14).astype(np.int32)
    return lab, positive_intensity(lab.shape, 13, np.float64)


def _blobs_3d():
    lab = scatter_ids(blob_labels((12, 20, 17), 3, 1.0, fraction=0.2), 14, first=70000, step=7, dtype=np.uint32)
    return lab, positive_intensity(lab.shape, 15, np.float32)


def _tiles_3d():
    lab = tiles_with_holes((12, 20, 17), 4, 10, holes=0.05).astype(np.int64)
    return lab, positive_intensity(lab.shape, 16, np.uint8)


# name -> () -> (labels, intensity, spacing)
CASES = {
    "blobs_2d": lambda: (*_blobs_2d(), None),
    "tiles_holes_2d": lambda: (*_tiles_2d(), None),
    "thin_2d": lambda: (*thin_2d(), None),
    "blobs_2d_anisotropic": lambda: (*_blobs_2d(), (1.5, 0.5)),
    "tiles_holes_2d_spacing": lambda: (*_tiles_2d(), 0.7),
    "pixel_2d": lambda: (np.array([[3]], np.int32), np.array([[7]], np.uint8), None),
    "row_2d": lambda: (np.array([[1, 1, 0, 2, 2, 2, 0, 0, 5]], np.uint8),
                       np.arange(9, dtype=np.float64)[None] + 1, None),
    "real_2d": lambda: (bundled("mask2d.tif"), bundled("img2d.tif"), None),
    "real_2d_anisotropic": lambda: (bundled("mask2d.tif"), bundled("img2d.tif"), (0.8, 1.25)),
    "blobs_3d": lambda: (*_blobs_3d(), None),
    "tiles_holes_3d": lambda: (*_tiles_3d(), None),
    "thin_3d": lambda: (*thin_3d(), None),
    "blobs_3d_anisotropic": lambda: (*_blobs_3d(), (2.0, 1.0, 0.5)),
    "voxel_3d": lambda: (np.array([[[1]]], np.uint8), np.array([[[2.5]]], np.float32), None),
    "real_3d": lambda: (bundled("mask3d.tif"), bundled("img3d.tif"), None),
    "real_3d_anisotropic": lambda: (bundled("mask3d.tif"), bundled("img3d.tif"), (2.0, 1.0, 1.0)),
}


@functools.lru_cache(maxsize=None)
def case(name):
    labels, intensity, spacing = CASES[name]()
    for a in (labels, intensity):
        a.flags.writeable = False                       # shared between tests: nobody may modify it
    return labels, intensity, spacing


@functools.lru_cache(maxsize=None)
def expected(name, prop):
    labels, intensity, spacing = case(name)
    return reference_regionprops_table(labels, intensity, (prop,), spacing=spacing)


def property_cases():
    for name in CASES:
        labels, _, spacing = case(name)
        for prop in properties_for(labels.ndim, spacing):
            yield pytest.param(name, prop, id=f"{name}-{prop}")


# --------------------------------------------------------------------------
# Every property on every case, one at a time and all at once
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name, prop", list(property_cases()))
def test_property_matches_skimage(name, prop):
    labels, intensity, spacing = case(name)
    want = expected(name, prop)
    result = sb.regionprops_table(labels, intensity, properties=(prop,), spacing=spacing)
    assert_table(result, want, (prop,), labels, spacing)


@pytest.mark.parametrize("name", list(CASES))
def test_all_properties_in_one_call(name):
    labels, intensity, spacing = case(name)
    props = properties_for(labels.ndim, spacing)
    want = {}
    for prop in props:
        want.update(expected(name, prop))
    result = sb.regionprops_table(labels, intensity, properties=props, spacing=spacing)
    assert_table(result, want, props, labels, spacing)


def test_cases_are_not_trivial():
    """The inputs exercise what they claim to: non-consecutive ids, holes,
    Euler numbers other than 1, solidity below 1, border objects, a NaN
    weighted centroid, coplanar 3D objects, several objects per case."""
    for name in CASES:
        labels = case(name)[0]
        n = len(expected(name, "label")["label"])
        assert n == len(np.unique(labels)) - (labels.min() == 0)
        if not name.startswith(("pixel", "voxel", "row")):
            assert n >= 8, name
    for name in ("blobs_2d", "tiles_holes_2d", "real_2d", "blobs_3d", "tiles_holes_3d", "real_3d"):
        ids = expected(name, "label")["label"]
        assert ids.max() > len(ids) or name.startswith("tiles"), name
    for name in ("tiles_holes_2d", "thin_2d", "tiles_holes_3d", "thin_3d"):
        euler = expected(name, "euler_number")["euler_number"]
        assert len(np.unique(euler)) >= 3, (name, np.unique(euler))
        assert (expected(name, "solidity")["solidity"] < 0.99).any(), name
    assert np.isnan(expected("thin_2d", "centroid_weighted")["centroid_weighted-0"]).sum() == 1
    assert len(coplanar_alternatives(case("thin_3d")[0], None)) >= 6
    for name in ("blobs_2d", "blobs_3d"):
        labels = case(name)[0]
        bbox = expected(name, "bbox")
        nd = labels.ndim
        touching = np.zeros(len(bbox["bbox-0"]), bool)
        for axis in range(nd):
            touching |= (bbox[f"bbox-{axis}"] == 0) | (bbox[f"bbox-{axis + nd}"] == labels.shape[axis])
        assert 0 < touching.sum() < len(touching), name


# --------------------------------------------------------------------------
# dtypes
# --------------------------------------------------------------------------

LABEL_DTYPES = [np.bool_, np.uint8, np.uint16, np.int32, np.uint32, np.int64]


def labels_of_dtype(dtype, ndim):
    base = case("blobs_2d" if ndim == 2 else "blobs_3d")[0]
    base = skimage.segmentation.relabel_sequential(base.copy())[0].astype(np.int64)
    if dtype == np.bool_:
        return base > 0                                   # one object of many pieces
    offset = {np.uint8: 0, np.uint16: 300, np.int32: 40000, np.uint32: 70000, np.int64: 100000}[dtype]
    out = scatter_ids(base, 21, first=1 + offset, step=2)
    if dtype == np.uint8:
        out = scatter_ids(base, 21, first=3, step=5)
    assert out.max() <= np.iinfo(dtype).max
    return out.astype(dtype)


@pytest.mark.parametrize("ndim", [2, 3])
@pytest.mark.parametrize("dtype", LABEL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_label_dtypes(dtype, ndim):
    labels = labels_of_dtype(dtype, ndim)
    assert labels.dtype == dtype
    intensity = case("blobs_2d" if ndim == 2 else "blobs_3d")[1]
    props = properties_for(ndim)
    want = reference_regionprops_table(labels, intensity, props)
    result = sb.regionprops_table(labels, intensity, properties=props)
    assert_table(result, want, props, labels)
    if dtype == np.bool_:
        assert list(result["label"]) == [1]


INTENSITY_DTYPES = [np.uint8, np.uint16, np.float32, np.float64]


@pytest.mark.parametrize("ndim", [2, 3])
@pytest.mark.parametrize("dtype", INTENSITY_DTYPES, ids=lambda d: np.dtype(d).name)
def test_intensity_dtypes(dtype, ndim):
    labels = case("tiles_holes_2d" if ndim == 2 else "tiles_holes_3d")[0]
    intensity = positive_intensity(labels.shape, 31 + ndim, dtype)
    props = ("label",) + INTENSITY
    want = reference_regionprops_table(labels, intensity, props)
    result = sb.regionprops_table(labels, intensity, properties=props)
    assert_table(result, want, props, labels)


def test_intensity_float64_negative_values():
    labels = case("tiles_holes_2d")[0]
    intensity = positive_intensity(labels.shape, 41, np.float64) - 50.0
    props = ("intensity_mean", "intensity_min", "intensity_max", "intensity_std")
    want = reference_regionprops_table(labels, intensity, props)
    assert (want["intensity_min"] < 0).any() and (want["intensity_mean"] < 0).any()
    assert_table(sb.regionprops_table(labels, intensity, properties=props), want, props, labels)


# --------------------------------------------------------------------------
# Keywords and layouts
# --------------------------------------------------------------------------

def test_default_properties_are_label_and_bbox():
    labels, intensity, _ = case("blobs_2d")
    want = reference_regionprops_table(labels)
    assert list(want) == ["label", "bbox-0", "bbox-1", "bbox-2", "bbox-3"]
    assert_table(sb.regionprops_table(labels), want, ("label", "bbox"), labels)
    assert_table(sb.regionprops_table(labels, intensity), want, ("label", "bbox"), labels)


def test_property_order_is_kept():
    labels, intensity, _ = case("tiles_holes_3d")
    props = ("moments_central", "label", "intensity_max", "bbox", "area", "centroid")
    want = reference_regionprops_table(labels, intensity, props)
    result = sb.regionprops_table(labels, intensity, properties=list(props))
    assert list(result)[:4] == ["moments_central-0-0-0", "moments_central-0-0-1", "moments_central-0-0-2",
                                "moments_central-0-0-3"]
    assert_table(result, want, props, labels)


@pytest.mark.parametrize("separator", ["_", "/", "__"])
def test_separator(separator):
    labels, intensity, _ = case("blobs_2d")
    props = ("label", "bbox", "moments_central", "inertia_tensor", "centroid_weighted", "area")
    want = reference_regionprops_table(labels, intensity, props, separator=separator)
    result = sb.regionprops_table(labels, intensity, properties=props, separator=separator)
    assert "moments_central" + separator + "2" + separator + "1" in want
    assert list(result) == list(want)
    dashed = reference_regionprops_table(labels, intensity, props)
    assert [k.replace("-", separator) for k in dashed] == list(want)
    assert_table(dict(zip(dashed, result.values())), dashed, props, labels)


@pytest.mark.parametrize("spacing", [0.5, 2, (0.5, 0.5)])
def test_isotropic_spacing_scales_perimeter(spacing):
    labels, intensity, _ = case("blobs_2d")
    props = ("perimeter", "area", "centroid", "feret_diameter_max", "axis_major_length", "moments")
    want = reference_regionprops_table(labels, intensity, props, spacing=spacing)
    result = sb.regionprops_table(labels, intensity, properties=props, spacing=spacing)
    assert_table(result, want, props, labels, spacing)
    unit = reference_regionprops_table(labels, intensity, ("perimeter",))
    s = float(np.ravel(spacing)[0])
    np.testing.assert_allclose(want["perimeter"], unit["perimeter"] * s, rtol=1e-12)


def test_as_dataframe():
    pandas = pytest.importorskip("pandas")
    labels, intensity, spacing = case("real_2d")
    props = ("label", "area", "bbox", "centroid", "intensity_mean", "eccentricity", "euler_number")
    want = reference_regionprops_table(labels, intensity, props, spacing=spacing)
    frame = sb.regionprops_table(labels, intensity, properties=props, as_dataframe=True)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(want)
    assert len(frame) == len(want["label"])
    as_dict = {k: frame[k].to_numpy() for k in frame.columns}
    assert_table(as_dict, want, props, labels)


def test_as_dataframe_false_returns_dict_of_arrays():
    labels = case("thin_2d")[0]
    result = sb.regionprops_table(labels, properties=("label", "area"), as_dataframe=False)
    assert type(result) is dict
    assert all(isinstance(v, np.ndarray) and v.ndim == 1 for v in result.values())


def test_non_contiguous_inputs():
    labels, intensity, _ = case("tiles_holes_2d")
    labels_view = labels[::-1, ::2]
    intensity_view = np.asfortranarray(intensity)[::-1, ::2]
    assert not labels_view.flags.c_contiguous and not intensity_view.flags.c_contiguous
    props = properties_for(2)
    want = reference_regionprops_table(np.ascontiguousarray(labels_view), np.ascontiguousarray(intensity_view),
                                       props)
    result = sb.regionprops_table(labels_view, intensity_view, properties=props)
    assert_table(result, want, props, labels_view)


def test_inputs_are_not_modified():
    labels, intensity, _ = case("tiles_holes_2d")
    labels, intensity = labels.copy(), intensity.copy()
    before = labels.copy(), intensity.copy()
    sb.regionprops_table(labels, intensity, properties=properties_for(2))
    assert np.array_equal(labels, before[0]) and np.array_equal(intensity, before[1])


# --------------------------------------------------------------------------
# Empty label images and hand-checked values
# --------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(7, 9), (4, 5, 6), (1, 1)])
@pytest.mark.parametrize("with_intensity", [True, False])
def test_empty_label_image(shape, with_intensity):
    """scikit-image returns every column (all keys as for a real object),
    each an empty array of the column's dtype (int64 for label, bbox,
    euler_number; float64 otherwise)."""
    labels = np.zeros(shape, np.int32)
    intensity = np.ones(shape, np.float32) if with_intensity else None
    props = tuple(p for p in properties_for(len(shape)) if with_intensity or p not in INTENSITY)
    want = reference_regionprops_table(labels, intensity, props)
    result = sb.regionprops_table(labels, intensity, properties=props)
    assert list(result) == list(want)
    for key, column in want.items():
        assert column.shape == (0,)
        got = np.asarray(result[key])
        assert got.shape == (0,), key
        assert got.dtype == column.dtype, (key, got.dtype, column.dtype)
    assert want["label"].dtype == np.int64 and want["area"].dtype == np.float64


def test_hand_checked_values():
    lab = np.zeros((6, 8), np.uint16)
    lab[1:3, 2:5] = 4          # 2x3 rectangle
    lab[5, 7] = 9              # single pixel in the corner
    intensity = np.zeros((6, 8), np.uint8)
    intensity[1, 2:5] = 1
    intensity[2, 2:5] = 3
    intensity[5, 7] = 5
    props = ("label", "area", "bbox", "centroid", "centroid_weighted", "intensity_mean", "intensity_min",
             "intensity_max", "perimeter", "euler_number", "extent", "solidity", "eccentricity",
             "equivalent_diameter_area", "moments_central", "inertia_tensor")
    r = sb.regionprops_table(lab, intensity, properties=props)
    assert list(r["label"]) == [4, 9]
    assert list(r["area"]) == [6.0, 1.0]
    assert [list(r[f"bbox-{i}"]) for i in range(4)] == [[1, 5], [2, 7], [3, 6], [5, 8]]
    np.testing.assert_allclose(r["centroid-0"], [1.5, 5.0], rtol=1e-12)
    np.testing.assert_allclose(r["centroid-1"], [3.0, 7.0], rtol=1e-12)
    np.testing.assert_allclose(r["centroid_weighted-0"], [1 + 9 / 12, 5.0], rtol=1e-12)
    np.testing.assert_allclose(r["intensity_mean"], [2.0, 5.0], rtol=1e-12)
    assert list(r["intensity_min"]) == [1.0, 5.0] and list(r["intensity_max"]) == [3.0, 5.0]
    np.testing.assert_allclose(r["perimeter"], [6.0, 0.0], atol=1e-12)   # 2(h-1) + 2(w-1)
    assert list(r["euler_number"]) == [1, 1]
    np.testing.assert_allclose(r["extent"], [1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(r["solidity"], [1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(r["eccentricity"], [math.sqrt(1 - 0.25 / (2 / 3)), 0.0], atol=1e-12)
    np.testing.assert_allclose(r["equivalent_diameter_area"], [math.sqrt(24 / math.pi), math.sqrt(4 / math.pi)],
                               rtol=1e-12)
    np.testing.assert_allclose(r["moments_central-2-0"], [1.5, 0.0], atol=1e-12)   # sum of (row - 1.5)^2
    np.testing.assert_allclose(r["moments_central-0-2"], [4.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(r["moments_central-1-1"], [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(r["inertia_tensor-0-0"], [4 / 6, 0.0], atol=1e-12)   # column variance
    np.testing.assert_allclose(r["inertia_tensor-1-1"], [1.5 / 6, 0.0], atol=1e-12)


def test_orientation_of_isotropic_objects():
    """scikit-image: a == c and b == 0 in the inertia tensor -> -pi/4 (a single
    pixel, a square, a plus). A horizontal line -> +-pi/2; a vertical one -> 0."""
    lab = np.zeros((12, 12), np.int32)
    lab[1, 1] = 1
    lab[3:6, 3:6] = 2
    lab[8, 7:10] = 3
    lab[7:10, 8] = 3
    lab[10, 1:6] = 4
    lab[1:5, 10] = 5
    want = reference_regionprops_table(lab, properties=("orientation",))["orientation"]
    np.testing.assert_allclose(want[:3], -math.pi / 4, rtol=0, atol=0)
    result = np.asarray(sb.regionprops_table(lab, properties=("orientation",))["orientation"])
    np.testing.assert_allclose(result[:3], -math.pi / 4, rtol=0, atol=1e-12)
    np.testing.assert_allclose(abs(result[3]), math.pi / 2, atol=1e-12)
    np.testing.assert_allclose(result[4], 0.0, atol=1e-12)


def test_weighted_centroid_of_zero_intensity_object_is_nan():
    labels, intensity, _ = case("thin_2d")
    result = sb.regionprops_table(labels, intensity, properties=("label", "centroid_weighted"))
    row = list(result["label"]).index(9)
    assert np.isnan(result["centroid_weighted-0"][row]) and np.isnan(result["centroid_weighted-1"][row])


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

@pytest.mark.parametrize("prop", ONLY_2D)
def test_2d_only_properties_raise_in_3d(prop):
    labels, intensity, _ = case("blobs_3d")
    with pytest.raises((ValueError, NotImplementedError)):
        sb.regionprops_table(labels, intensity, properties=("label", prop))


@pytest.mark.parametrize("spacing", [(1.0, 0.5), (2, 3)])
def test_perimeter_with_anisotropic_spacing_raises(spacing):
    labels = case("blobs_2d")[0]
    with pytest.raises((ValueError, NotImplementedError)):
        sb.regionprops_table(labels, properties=("label", "perimeter"), spacing=spacing)


@swiftbio_only
@pytest.mark.parametrize("prop", ["no_such_property", "Area", "coords", "", "label "])
def test_unknown_property_raises_value_error(prop):
    labels = case("blobs_2d")[0]
    with pytest.raises(ValueError):
        sb.regionprops_table(labels, properties=("label", prop))


@pytest.mark.parametrize("prop", INTENSITY)
def test_intensity_property_without_intensity_image_raises(prop):
    labels = case("blobs_2d")[0]
    with pytest.raises((ValueError, AttributeError)):
        sb.regionprops_table(labels, properties=("label", prop))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_label_image_raises(dtype):
    labels = case("blobs_2d")[0].astype(dtype)
    with pytest.raises((ValueError, TypeError)):
        sb.regionprops_table(labels, properties=("label", "area"))


@pytest.mark.parametrize("shape", [(61, 66), (60, 67), (67, 61), (61, 67, 2, 2), (61,)])
def test_intensity_shape_mismatch_raises(shape):
    labels = case("blobs_2d")[0]
    assert labels.shape == (61, 67)
    with pytest.raises(ValueError):
        sb.regionprops_table(labels, np.ones(shape, np.float32), properties=("label", "intensity_mean"))


@pytest.mark.parametrize("shape", [(5,), (2, 3, 4, 5)])
def test_unsupported_dimensionality_raises(shape):
    labels = np.ones(shape, np.int32)
    with pytest.raises((ValueError, TypeError, NotImplementedError)):
        sb.regionprops_table(labels, properties=("label", "area"))


@pytest.mark.parametrize("spacing", [(1.0, 2.0, 3.0), (1.0,), (1.0, np.nan)])
def test_bad_spacing_raises(spacing):
    labels = case("blobs_2d")[0]
    with pytest.raises(ValueError):
        sb.regionprops_table(labels, properties=("label", "area"), spacing=spacing)

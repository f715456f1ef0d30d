"""Labelling, distance transform, peak finding, watershed and flood fill
against scikit-image / scipy.ndimage.

Every expected value is computed by the reference library in the test
itself; the outputs of the function under test must be *identical* (same
labels, same peak rows in the same order), except EDT distances (1e-5
relative) and EDT indices at ties (any background pixel at the minimal
distance is accepted there).

``SWIFTBIO_TEST_REFERENCE=1`` runs the whole suite with the reference
functions in place of swiftbio's, which validates the tests themselves;
checks of swiftbio-only behaviour (exception types for bad input the
reference accepts, output dtypes) are skipped then.
"""
import os

REFERENCE = os.environ.get("SWIFTBIO_TEST_REFERENCE") == "1"  # run the suite against scikit-image/scipy themselves

import functools
import importlib
import types

import numpy as np
import pytest
import scipy.ndimage as ndi
import skimage.feature
import skimage.filters
import skimage.measure
import skimage.segmentation
import tifffile

import swiftbio

# --------------------------------------------------------------------------
# The functions under test and their references
# --------------------------------------------------------------------------

ref = types.SimpleNamespace(
    label=skimage.measure.label,
    find_objects=ndi.find_objects,
    relabel_sequential=skimage.segmentation.relabel_sequential,
    clear_border=skimage.segmentation.clear_border,
    expand_labels=skimage.segmentation.expand_labels,
    distance_transform_edt=ndi.distance_transform_edt,
    peak_local_max=skimage.feature.peak_local_max,
    watershed=skimage.segmentation.watershed,
    flood=skimage.segmentation.flood,
    flood_fill=skimage.segmentation.flood_fill,
)

SWIFTBIO_NAMES = {
    "label": "measure.label",
    "find_objects": "measure.find_objects",
    "relabel_sequential": "segmentation.relabel_sequential",
    "clear_border": "segmentation.clear_border",
    "expand_labels": "segmentation.expand_labels",
    "distance_transform_edt": "morphology.distance_transform_edt",
    "peak_local_max": "feature.peak_local_max",
    "watershed": "segmentation.watershed",
    "flood": "segmentation.flood",
    "flood_fill": "segmentation.flood_fill",
}
assert set(SWIFTBIO_NAMES) == set(vars(ref))


class _UnderTest:
    """``sb.label`` is ``swiftbio.measure.label`` -- or, when REFERENCE,
    ``skimage.measure.label``. Resolved at call time, so a function that
    does not exist yet fails only its own tests."""

    def __getattr__(self, name):
        if REFERENCE:
            return getattr(ref, name)
        module, attribute = SWIFTBIO_NAMES[name].rsplit(".", 1)
        return getattr(importlib.import_module("swiftbio." + module), attribute)


sb = _UnderTest()
swiftbio_only = pytest.mark.skipif(REFERENCE, reason="swiftbio-only behaviour; the reference differs")


# --------------------------------------------------------------------------
# Inputs (fixed seeds)
# --------------------------------------------------------------------------

def blobs(shape, seed, sigma=2.0, fraction=0.45):
    """Random smooth blobs: a boolean mask covering ~`fraction` of the image."""
    smooth = ndi.gaussian_filter(np.random.default_rng(seed).standard_normal(shape), sigma)
    return smooth > np.quantile(smooth, 1 - fraction)


def smooth_noise(shape, seed, sigma=2.0, dtype=np.float64):
    return ndi.gaussian_filter(np.random.default_rng(seed).standard_normal(shape), sigma).astype(dtype)


def blocky_levels(shape, seed, levels=4, block=3, noise=0.05):
    """Piecewise-constant integers 0..levels-1 in touching blocks, plus a few
    random pixels: adjacent regions of different nonzero values."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, levels, size=tuple(-(-s // block) for s in shape))
    image = coarse
    for axis in range(len(shape)):
        image = np.repeat(image, block, axis=axis)
    image = image[tuple(slice(0, s) for s in shape)].copy()
    flips = rng.random(shape) < noise
    image[flips] = rng.integers(0, levels, size=int(flips.sum()))
    return image


def quantized(shape, seed, levels=5, sigma=2.0, dtype=np.uint8):
    """Smooth noise rounded to a few levels: large plateaus, many equal maxima."""
    s = smooth_noise(shape, seed, sigma)
    s = (s - s.min()) / (s.max() - s.min())
    return np.round(s * (levels - 1)).astype(dtype)


def balls(shape, seed, n, rmin, rmax):
    """Union of `n` random overlapping disks / spheres."""
    rng = np.random.default_rng(seed)
    grid = np.indices(shape)
    out = np.zeros(shape, bool)
    for _ in range(n):
        centre = [rng.uniform(0.15 * s, 0.85 * s) for s in shape]
        r = rng.uniform(rmin, rmax)
        out |= sum((g - c) ** 2 for g, c in zip(grid, centre)) < r * r
    return out


def sparse_seeds(shape, seed, n, values=None, grow=True):
    """`n` marker regions (one pixel, optionally grown to 2^ndim) with the
    given label values (default 1..n)."""
    rng = np.random.default_rng(seed)
    values = list(range(1, n + 1)) if values is None else list(values)
    markers = np.zeros(shape, np.int32)
    for k, value in enumerate(values):
        corner = [int(rng.integers(0, s - 1)) if s > 1 else 0 for s in shape]
        size = 2 if (grow and k % 2 == 0) else 1
        markers[tuple(slice(c, c + size) for c in corner)] = value
    return markers


def pairs_of_labels(shape, seed, n, spread=1):
    """Sparse random labels 1..n (single pixels and small squares) on zeros,
    for expand_labels: many background pixels equidistant from two labels."""
    rng = np.random.default_rng(seed)
    labels = np.zeros(shape, np.int32)
    for k in range(1, n + 1):
        corner = [int(rng.integers(0, s - spread + 1)) for s in shape]
        size = int(rng.integers(1, spread + 1))
        labels[tuple(slice(c, c + size) for c in corner)] = k
    return labels


@functools.lru_cache(maxsize=None)
def bundled(name):
    return tifffile.imread(swiftbio.data.path(name))


def assert_same_labels(result, expected):
    result = np.asarray(result)
    assert result.shape == expected.shape
    mismatch = result != expected
    assert not mismatch.any(), (
        f"{int(mismatch.sum())} of {mismatch.size} pixels differ; first at "
        f"{tuple(int(i) for i in np.argwhere(mismatch)[0])}: {result[mismatch][0]} != {expected[mismatch][0]}")


# --------------------------------------------------------------------------
# label
# --------------------------------------------------------------------------

LABEL_IMAGES = {
    "bool_blobs_2d": lambda: blobs((61, 67), 1, sigma=1.5),
    "bool_blobs_3d": lambda: blobs((17, 19, 21), 2, sigma=1.2),
    "bool_speckle_2d": lambda: np.random.default_rng(3).random((40, 45)) < 0.45,
    "bool_speckle_3d": lambda: np.random.default_rng(4).random((12, 13, 14)) < 0.3,
    "uint8_levels_2d": lambda: blocky_levels((50, 53), 5).astype(np.uint8),
    "int32_levels_3d": lambda: blocky_levels((14, 15, 16), 6, block=2).astype(np.int32),
    "int64_noise_2d": lambda: np.random.default_rng(7).integers(0, 3, (40, 41)),
    "uint16_noise_3d": lambda: np.random.default_rng(8).integers(0, 3, (10, 11, 12)).astype(np.uint16),
    "int16_signed_2d": lambda: blocky_levels((30, 31), 9, levels=4, block=2).astype(np.int16) - 2,
}


def label_cases():
    for name, make in LABEL_IMAGES.items():
        ndim = 3 if name.endswith("3d") else 2
        for connectivity in [None] + list(range(1, ndim + 1)):
            yield pytest.param(make, connectivity, id=f"{name}-conn{connectivity}")


@pytest.mark.parametrize("make, connectivity", list(label_cases()))
def test_label_matches_reference(make, connectivity):
    image = make()
    expected, num = ref.label(image, connectivity=connectivity, return_num=True)
    assert_same_labels(sb.label(image, connectivity=connectivity), expected)
    result, result_num = sb.label(image, connectivity=connectivity, return_num=True)
    assert_same_labels(result, expected)
    assert result_num == num == expected.max()


@pytest.mark.parametrize("name, background", [
    ("bool_blobs_2d", 1), ("bool_speckle_3d", 1), ("bool_blobs_2d", 0),
    ("uint8_levels_2d", 2), ("int32_levels_3d", 3), ("int64_noise_2d", 1), ("int16_signed_2d", -2),
])
def test_label_background(name, background):
    image = LABEL_IMAGES[name]()
    expected = ref.label(image, background=background, connectivity=1)
    assert_same_labels(sb.label(image, background=background, connectivity=1), expected)


def test_label_docstring_examples():
    x = np.eye(3).astype(int)
    assert_same_labels(sb.label(x, connectivity=1), np.array([[1, 0, 0], [0, 2, 0], [0, 0, 3]]))
    assert_same_labels(sb.label(x, connectivity=2), x)
    assert_same_labels(sb.label(x, background=-1), np.array([[1, 2, 2], [2, 1, 2], [2, 2, 1]]))
    x = np.array([[1, 0, 0], [1, 1, 5], [0, 0, 0]])
    assert_same_labels(sb.label(x), np.array([[1, 0, 0], [1, 1, 2], [0, 0, 0]]))


@pytest.mark.parametrize("name", ["bool_speckle_2d", "int64_noise_2d", "bool_speckle_3d"])
def test_label_numbering_is_raster_order_of_first_pixel(name):
    labels = np.asarray(sb.label(LABEL_IMAGES[name]()))
    flat = labels.ravel()
    values, first = np.unique(flat, return_index=True)
    values, first = values[values > 0], first[values > 0]
    assert np.array_equal(values, np.arange(1, len(values) + 1))
    assert np.all(np.diff(first) > 0)


EDGE_MASKS = {
    "all_zero_2d": lambda: np.zeros((7, 9), bool),
    "all_one_2d": lambda: np.ones((7, 9), bool),
    "all_zero_3d": lambda: np.zeros((4, 5, 6), bool),
    "all_one_3d": lambda: np.ones((4, 5, 6), bool),
    "single_pixel_on": lambda: np.ones((1, 1), bool),
    "single_pixel_off": lambda: np.zeros((1, 1), bool),
    "single_voxel_on": lambda: np.ones((1, 1, 1), bool),
    "one_row": lambda: np.array([[0, 1, 1, 0, 1, 0, 0, 1]], bool),
    "one_column": lambda: np.array([[1], [1], [0], [1]], bool),
    "frame_touching_every_border": lambda: np.pad(np.zeros((5, 6), bool), 1, constant_values=True),
    "cross_touching_every_border_3d": lambda: np.add.outer(np.add.outer(
        np.arange(5) == 2, np.arange(6) == 3), np.arange(7) == 3) >= 2,
}


@pytest.mark.parametrize("name", list(EDGE_MASKS))
def test_label_edge_cases(name):
    image = EDGE_MASKS[name]()
    for img in (image, image.astype(np.uint8)):
        expected, num = ref.label(img, return_num=True)
        result, result_num = sb.label(img, return_num=True)
        assert_same_labels(result, expected)
        assert result_num == num


@swiftbio_only
@pytest.mark.parametrize("dtype", [bool, np.uint8, np.uint16, np.int32, np.int64])
def test_label_returns_int32(dtype):
    labels = sb.label(blobs((20, 21), 9).astype(dtype))
    assert labels.dtype == np.int32


@swiftbio_only
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_label_rejects_float(dtype):
    with pytest.raises((ValueError, TypeError)):
        sb.label(np.eye(4, dtype=dtype))


@pytest.mark.parametrize("shape, connectivity", [((5, 6), 0), ((5, 6), 3), ((3, 4, 5), 0), ((3, 4, 5), 4)],
                         ids=["2d-conn0", "2d-conn3", "3d-conn0", "3d-conn4"])
@pytest.mark.parametrize("dtype", [bool, np.int32])
def test_label_rejects_bad_connectivity(shape, connectivity, dtype):
    with pytest.raises(ValueError):
        sb.label(np.ones(shape, dtype), connectivity=connectivity)


# --------------------------------------------------------------------------
# find_objects
# --------------------------------------------------------------------------

def many_blobs(shape, seed):
    """Many separate objects (2D ~40, 3D ~80), some touching the border."""
    if len(shape) == 2:
        return blobs(shape, seed, sigma=1.0, fraction=0.3)
    return blobs(shape, seed, sigma=0.8, fraction=0.1)


def gappy_labels(shape, seed):
    labels = ref.label(many_blobs(shape, seed))
    relabel = np.random.default_rng(seed).permutation(np.arange(1, 3 * labels.max() + 2))[: labels.max()]
    return np.concatenate([[0], relabel])[labels].astype(np.int32)


@pytest.mark.parametrize("shape", [(40, 47), (18, 20, 22)], ids=["2d", "3d"])
@pytest.mark.parametrize("max_label", [0, 3, 100_000], ids=["max0", "max3", "max_large"])
@pytest.mark.parametrize("dtype", [np.uint16, np.int32, np.int64])
def test_find_objects_matches_scipy(shape, max_label, dtype):
    labels = gappy_labels(shape, 22).astype(dtype)
    assert sb.find_objects(labels, max_label=max_label) == ref.find_objects(labels, max_label=max_label)
    if max_label == 0:
        assert sb.find_objects(labels) == ref.find_objects(labels)


@pytest.mark.parametrize("name", ["all_zero_2d", "all_one_3d", "single_pixel_on", "frame_touching_every_border"])
def test_find_objects_edge_cases(name):
    labels = EDGE_MASKS[name]().astype(np.int32)
    assert sb.find_objects(labels) == ref.find_objects(labels)


# --------------------------------------------------------------------------
# relabel_sequential
# --------------------------------------------------------------------------

def check_relabel(label_field, offset):
    expected, fw, inv = ref.relabel_sequential(label_field, offset=offset)
    relabeled, forward, inverse = sb.relabel_sequential(label_field, offset=offset)
    assert_same_labels(relabeled, expected)
    old = np.unique(label_field)
    new = np.asarray(fw[old])
    assert np.array_equal(np.asarray(forward[old]), new)
    assert np.array_equal(np.asarray(inverse[new]), old)
    assert np.array_equal(np.asarray(forward[label_field]), expected)
    assert np.array_equal(np.asarray(inverse[np.asarray(relabeled)]), label_field)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int32, np.uint32, np.int64])
@pytest.mark.parametrize("offset", [1, 5, 100])
@pytest.mark.parametrize("shape", [(30, 31), (8, 9, 10)], ids=["2d", "3d"])
def test_relabel_sequential_matches_reference(dtype, offset, shape):
    rng = np.random.default_rng(12)
    top = min(np.iinfo(dtype).max, 5000)
    values = np.concatenate([[0], rng.choice(np.arange(1, top), size=12, replace=False)])
    label_field = rng.choice(values, size=shape).astype(dtype)
    check_relabel(label_field, offset)


@pytest.mark.parametrize("case", ["no_background", "all_zero", "single_label", "already_sequential", "uint8_overflow"])
def test_relabel_sequential_special(case):
    rng = np.random.default_rng(13)
    label_field = {
        "no_background": lambda: rng.choice([3, 8, 20], size=(9, 10)).astype(np.int32),
        "all_zero": lambda: np.zeros((4, 5), np.int32),
        "single_label": lambda: np.pad(np.full((3, 3), 77, np.uint16), 2),
        "already_sequential": lambda: ref.label(blobs((20, 22), 14)),
        # 255 labels + offset 10 overflow uint8: the values must still match
        "uint8_overflow": lambda: np.arange(256, dtype=np.uint8).reshape(16, 16),
    }[case]()
    check_relabel(label_field, 10 if case == "uint8_overflow" else 1)


def test_relabel_sequential_docstring_example():
    label_field = np.array([[1, 1, 5, 5, 8, 99, 42]])
    relabeled, forward, inverse = sb.relabel_sequential(label_field)
    assert_same_labels(relabeled, np.array([[1, 1, 2, 2, 3, 5, 4]]))
    assert np.array_equal(np.asarray(forward[np.array([1, 5, 8, 42, 99])]), [1, 2, 3, 4, 5])
    assert np.array_equal(np.asarray(inverse[np.array([1, 2, 3, 4, 5])]), [1, 5, 8, 42, 99])
    assert_same_labels(sb.relabel_sequential(label_field, offset=5)[0], np.array([[5, 5, 6, 6, 7, 9, 8]]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relabel_sequential_rejects_float(dtype):
    with pytest.raises((ValueError, TypeError)):
        sb.relabel_sequential(np.array([[0, 1], [2, 5]], dtype))


def test_relabel_sequential_rejects_bad_offset_and_negative_labels():
    with pytest.raises(ValueError):
        sb.relabel_sequential(np.array([[0, 1], [2, 5]], np.int32), offset=0)
    with pytest.raises(ValueError):
        sb.relabel_sequential(np.array([[0, -1], [2, 5]], np.int32))


# --------------------------------------------------------------------------
# clear_border
# --------------------------------------------------------------------------

def multi_object_labels(shape, seed):
    """Labels 1..5 in which one value occurs in several separate objects,
    some touching the border (within 0..3 pixels) and some not, plus
    adjacent objects of different labels."""
    labels = ref.label(many_blobs(shape, seed))
    return ((labels % 5) + 1) * (labels > 0)


CLEAR_SHAPES = pytest.mark.parametrize("shape", [(40, 43), (18, 20, 22)], ids=["2d", "3d"])


@CLEAR_SHAPES
@pytest.mark.parametrize("buffer_size", [0, 1, 2, 3])
@pytest.mark.parametrize("kind", ["labels", "bool", "uint16"])
def test_clear_border_matches_reference(shape, buffer_size, kind):
    labels = multi_object_labels(shape, 22)
    labels = {"labels": labels, "bool": labels > 0, "uint16": labels.astype(np.uint16)}[kind]
    original = labels.copy()
    expected = ref.clear_border(labels, buffer_size=buffer_size)
    assert 0 < (expected > 0).sum() < (labels > 0).sum()
    assert_same_labels(sb.clear_border(labels, buffer_size=buffer_size), expected)
    assert np.array_equal(labels, original), "input modified"


@CLEAR_SHAPES
@pytest.mark.parametrize("bgval", [0, 9])
def test_clear_border_bgval(shape, bgval):
    """scikit-image relabels and clears every component whose label occurs in
    the border zone -- including component 0, the background, whenever
    background touches the border: with bgval=9 *all* background pixels
    become 9, not only the cleared objects."""
    labels = multi_object_labels(shape, 22)
    assert_same_labels(sb.clear_border(labels, buffer_size=1, bgval=bgval),
                       ref.clear_border(labels, buffer_size=1, bgval=bgval))


@CLEAR_SHAPES
@pytest.mark.parametrize("buffer_size", [0, 2])
def test_clear_border_mask(shape, buffer_size):
    labels = multi_object_labels(shape, 23)
    mask = ~blobs(shape, 24, sigma=3, fraction=0.2)
    expected = ref.clear_border(labels, buffer_size=buffer_size, mask=mask)
    assert_same_labels(sb.clear_border(labels, buffer_size=buffer_size, mask=mask), expected)


def test_clear_border_docstring_example():
    labels = np.array([[0, 0, 0, 0, 0, 0, 0, 1, 0],
                       [1, 1, 0, 0, 1, 0, 0, 1, 0],
                       [1, 1, 0, 1, 0, 1, 0, 0, 0],
                       [0, 0, 0, 1, 1, 1, 1, 0, 0],
                       [0, 1, 1, 1, 1, 1, 1, 1, 0],
                       [0, 0, 0, 0, 0, 0, 0, 0, 0]])
    interior = labels.copy()
    interior[0:2, 7] = 0
    interior[1:3, 0:2] = 0
    assert_same_labels(sb.clear_border(labels), interior)
    mask = np.ones(labels.shape, bool)
    mask[:2, :2] = False
    keep_right = labels.copy()
    keep_right[1:3, 0:2] = 0
    assert_same_labels(sb.clear_border(labels, mask=mask), keep_right)


@pytest.mark.parametrize("name", list(EDGE_MASKS))
def test_clear_border_edge_cases(name):
    labels = EDGE_MASKS[name]().astype(np.int32)
    assert_same_labels(sb.clear_border(labels), ref.clear_border(labels))


def test_clear_border_rejects_large_buffer():
    with pytest.raises(ValueError):
        sb.clear_border(np.ones((5, 8), np.int32), buffer_size=5)


@swiftbio_only
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_clear_border_rejects_float(dtype):
    with pytest.raises((ValueError, TypeError)):
        sb.clear_border(np.pad(np.ones((3, 3), dtype), 2))


# --------------------------------------------------------------------------
# expand_labels
# --------------------------------------------------------------------------

EXPAND_CASES = {
    "2d": ((48, 51), 1),
    "3d": ((13, 14, 15), 1),
    "2d_spacing_1_0.5": ((48, 51), (1.0, 0.5)),
    "2d_spacing_0.7_1.3": ((48, 51), (0.7, 1.3)),
    "3d_spacing_2_1_1": ((13, 14, 15), (2.0, 1.0, 1.0)),
    "3d_spacing_0.5_1_1.5": ((13, 14, 15), (0.5, 1.0, 1.5)),
    "2d_scalar_spacing_2": ((48, 51), 2.0),
}


def tied_between_labels(labels, spacing):
    """Brute force: background pixels whose nearest labelled pixels (several
    at exactly the same distance) carry different labels."""
    ndim = labels.ndim
    s = np.broadcast_to(np.asarray(spacing, float), (ndim,))
    points = np.indices(labels.shape).reshape(ndim, -1).T * s
    flat = labels.ravel()
    sites, site_labels = points[flat != 0], flat[flat != 0]
    tied = np.zeros(len(points), bool)
    for start in range(0, len(points), 512):
        d2 = ((points[start:start + 512, None, :] - sites[None]) ** 2).sum(-1)
        nearest = d2 <= d2.min(1, keepdims=True) * (1 + 1e-9)
        low = np.where(nearest, site_labels[None], np.iinfo(np.int64).max).min(1)
        high = np.where(nearest, site_labels[None], np.iinfo(np.int64).min).max(1)
        tied[start:start + 512] = low != high
    return tied.reshape(labels.shape) & (labels == 0)


def expand_inputs(case, density):
    shape, spacing = EXPAND_CASES[case]
    n = 12 if density == "sparse" else 60
    return pairs_of_labels(shape, 31 + n, n, spread=3), spacing


@pytest.mark.parametrize("case", list(EXPAND_CASES))
@pytest.mark.parametrize("distance", [0, 1, 2.5, 10])
@pytest.mark.parametrize("density", ["sparse", "dense"])
def test_expand_labels_matches_reference(case, distance, density):
    """Exact equality, including background pixels equidistant from two
    labels (scikit-image takes the label at scipy's EDT index there)."""
    labels, spacing = expand_inputs(case, density)
    expected = ref.expand_labels(labels, distance=distance, spacing=spacing)
    result = np.asarray(sb.expand_labels(labels, distance=distance, spacing=spacing))
    assert result.shape == expected.shape
    mismatch = result != expected
    if mismatch.any():
        at_ties = int((mismatch & tied_between_labels(labels, spacing)).sum())
        pytest.fail(f"{int(mismatch.sum())} pixels differ, {at_ties} of them equidistant from different labels "
                    f"(EDT index tie choice differs from scipy's); first at "
                    f"{tuple(int(i) for i in np.argwhere(mismatch)[0])}")


@pytest.mark.parametrize("case", ["2d", "3d", "2d_spacing_1_0.5", "3d_spacing_2_1_1"])
def test_expand_labels_cases_have_ties(case):
    """The inputs above do contain pixels equidistant from different labels."""
    labels, spacing = expand_inputs(case, "dense")
    assert tied_between_labels(labels, spacing).sum() > 10


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int32, np.int64])
def test_expand_labels_blob_labels(dtype):
    labels = ref.label(blobs((50, 55), 32, sigma=1.5, fraction=0.25)).astype(dtype)
    for distance in (1, 3):
        assert_same_labels(sb.expand_labels(labels, distance=distance), ref.expand_labels(labels, distance=distance))


def test_expand_labels_docstring_examples():
    labels = np.array([[0, 1, 0, 0, 0, 0, 2]])
    assert_same_labels(sb.expand_labels(labels, distance=1), np.array([[1, 1, 1, 0, 0, 2, 2]]))
    assert_same_labels(sb.expand_labels(labels, distance=3), np.array([[1, 1, 1, 1, 2, 2, 2]]))
    assert_same_labels(sb.expand_labels(np.array([[0, 1, 0, 2, 0]]), 1), np.array([[1, 1, 1, 2, 2]]))
    labels2d = np.array([[0, 1, 0, 0], [2, 0, 0, 0], [0, 3, 0, 0]])
    assert_same_labels(sb.expand_labels(labels2d, 1), np.array([[2, 1, 1, 0], [2, 2, 0, 0], [2, 3, 3, 0]]))
    assert_same_labels(sb.expand_labels(labels2d, 1, spacing=[1, 0.5]),
                       np.array([[1, 1, 1, 1], [2, 2, 2, 0], [3, 3, 3, 3]]))


@pytest.mark.parametrize("name", list(EDGE_MASKS))
def test_expand_labels_edge_cases(name):
    labels = EDGE_MASKS[name]().astype(np.int32) * 3
    assert_same_labels(sb.expand_labels(labels, 2), ref.expand_labels(labels, 2))


# --------------------------------------------------------------------------
# distance_transform_edt
# --------------------------------------------------------------------------

def nearest_background_is_unique(foreground, sampling, rtol=1e-9):
    """Brute force: True where exactly one background pixel is nearest."""
    ndim = foreground.ndim
    s = np.broadcast_to(np.asarray(1.0 if sampling is None else sampling, float), (ndim,))
    points = np.indices(foreground.shape).reshape(ndim, -1).T * s
    background = points[~foreground.ravel()]
    unique = np.ones(len(points), bool)
    for start in range(0, len(points), 512):
        d2 = ((points[start:start + 512, None, :] - background[None]) ** 2).sum(-1)
        best = d2.min(1, keepdims=True)
        unique[start:start + 512] = (d2 <= best * (1 + rtol) + 1e-12).sum(1) == 1
    return unique.reshape(foreground.shape)


def brute_force_distances(foreground, sampling):
    ndim = foreground.ndim
    s = np.broadcast_to(np.asarray(1.0 if sampling is None else sampling, float), (ndim,))
    points = np.indices(foreground.shape).reshape(ndim, -1).T * s
    background = points[~foreground.ravel()]
    out = np.empty(len(points))
    for start in range(0, len(points), 512):
        out[start:start + 512] = np.sqrt(((points[start:start + 512, None, :] - background[None]) ** 2)
                                         .sum(-1).min(1))
    return out.reshape(foreground.shape)


def check_edt_indices(foreground, indices, expected_distances, expected_indices, sampling):
    """Indices point at a background pixel at the minimal distance; where
    that pixel is unique they equal scipy's."""
    ndim = foreground.ndim
    indices = np.asarray(indices)
    assert indices.shape == (ndim,) + foreground.shape
    assert np.issubdtype(indices.dtype, np.integer)
    for axis in range(ndim):
        assert indices[axis].min() >= 0 and indices[axis].max() < foreground.shape[axis]
    assert not foreground[tuple(indices)].any(), "an index points at a foreground pixel"
    s = np.broadcast_to(np.asarray(1.0 if sampling is None else sampling, float), (ndim,))
    grid = np.indices(foreground.shape)
    pointed = np.sqrt(sum(((indices[k] - grid[k]) * s[k]) ** 2 for k in range(ndim)))
    np.testing.assert_allclose(pointed, expected_distances, rtol=1e-9, atol=1e-12)
    unique = nearest_background_is_unique(foreground, sampling)
    assert np.array_equal(indices[:, unique], expected_indices[:, unique])


EDT_INPUTS = {
    "bool_blobs_2d": lambda: blobs((37, 41), 41, sigma=2.0, fraction=0.7),
    "bool_speckle_2d": lambda: np.random.default_rng(42).random((33, 35)) < 0.8,
    "uint8_blobs_3d": lambda: blobs((11, 13, 12), 43, sigma=1.5, fraction=0.75).astype(np.uint8) * 7,
    "float_blobs_2d": lambda: np.where(blobs((30, 38), 44, fraction=0.7),
                                       np.random.default_rng(44).uniform(0.1, 5, (30, 38)), 0.0),
    "float_negative_3d": lambda: np.where(blobs((10, 12, 14), 45, sigma=1.2, fraction=0.7), -2.5, 0.0),
    "sparse_background_2d": lambda: np.pad(np.ones((30, 30), bool), 1) & (np.random.default_rng(46).random((32, 32)) > 0.01),
    # background on a lattice: most pixels have several nearest background pixels
    "lattice_ties_2d": lambda: ~((np.indices((29, 31))[0] % 6 == 1) & (np.indices((29, 31))[1] % 4 == 2)),
    "lattice_ties_3d": lambda: ~((np.indices((10, 11, 12))[0] % 4 == 1) & (np.indices((10, 11, 12))[1] % 4 == 0)
                                 & (np.indices((10, 11, 12))[2] % 6 == 3)),
}
EDT_SAMPLINGS = {
    "2d": [None, 1.5, (1.5, 0.5), (0.3, 1.1)],
    "3d": [None, 2.0, (2.0, 1.0, 0.5), (0.7, 1.3, 0.4)],
}


def edt_cases():
    for name in EDT_INPUTS:
        for sampling in EDT_SAMPLINGS[name[-2:]]:
            yield pytest.param(name, sampling, id=f"{name}-sampling{sampling}".replace(" ", ""))


@pytest.mark.parametrize("name, sampling", list(edt_cases()))
def test_edt_matches_scipy(name, sampling):
    image = EDT_INPUTS[name]()
    foreground = image != 0
    expected, expected_indices = ref.distance_transform_edt(image, sampling=sampling, return_indices=True)
    np.testing.assert_allclose(expected, brute_force_distances(foreground, sampling), rtol=1e-12)  # sanity

    distances = np.asarray(sb.distance_transform_edt(image, sampling=sampling))
    assert distances.shape == image.shape
    np.testing.assert_allclose(distances, expected, rtol=1e-5, atol=1e-6)

    distances, indices = sb.distance_transform_edt(image, sampling=sampling, return_indices=True)
    np.testing.assert_allclose(distances, expected, rtol=1e-5, atol=1e-6)
    check_edt_indices(foreground, indices, expected, expected_indices, sampling)

    indices_only = sb.distance_transform_edt(image, sampling=sampling, return_distances=False, return_indices=True)
    check_edt_indices(foreground, indices_only, expected, expected_indices, sampling)


@pytest.mark.parametrize("name", list(EDGE_MASKS))
@pytest.mark.parametrize("sampling", [None, 2.5], ids=["unit", "sampling2.5"])
def test_edt_edge_cases(name, sampling):
    """All-background gives zeros (indices = own coordinates); all-foreground
    gives scipy's result (which, with no background at all, is computed from
    its placeholder indices: -1 on axis 0, 0 on the others)."""
    image = EDGE_MASKS[name]()
    expected, expected_indices = ref.distance_transform_edt(image, sampling=sampling, return_indices=True)
    distances, indices = sb.distance_transform_edt(image, sampling=sampling, return_indices=True)
    np.testing.assert_allclose(distances, expected, rtol=1e-5, atol=1e-6)
    if image.all():
        assert np.array_equal(indices, expected_indices)
    else:
        check_edt_indices(image, indices, expected, expected_indices, sampling)
    if not image.any():
        assert not np.asarray(distances).any()
        assert np.array_equal(indices, np.indices(image.shape))


# --------------------------------------------------------------------------
# peak_local_max
# --------------------------------------------------------------------------

def _constant_objects():
    """Objects of constant value (thin lines, single pixels, squares) on 0:
    exercises the per-label "trivial image" rule."""
    image = np.zeros((30, 32))
    image[3, 3] = 1
    image[6, 2:12] = 1
    image[10:16, 4:10] = 1
    image[20:23, 20:30] = 2
    image[20, 15] = 2
    image[25:29, 2:4] = 1
    image[26, 4:8] = 1
    return image


PEAK_IMAGES = {
    "smooth_2d": lambda: smooth_noise((64, 70), 51, sigma=2.0),
    "smooth_float32_2d": lambda: smooth_noise((50, 53), 52, sigma=1.5, dtype=np.float32),
    "smooth_3d": lambda: smooth_noise((18, 22, 20), 53, sigma=1.5),
    "quantized_uint8_2d": lambda: quantized((60, 64), 54, levels=6, sigma=3.0),
    "quantized_int32_3d": lambda: quantized((16, 18, 17), 55, levels=5, sigma=2.0, dtype=np.int32),
    "repeated_maxima_2d": lambda: np.where(np.random.default_rng(56).random((40, 41)) < 0.06, 5,
                                           np.random.default_rng(57).integers(0, 3, (40, 41))).astype(np.int64),
    "edt_disks_2d": lambda: ref.distance_transform_edt(balls((70, 74), 58, 9, 5, 14)),
    "edt_spheres_3d": lambda: ref.distance_transform_edt(balls((22, 26, 24), 59, 6, 3, 7)),
    "constant_objects_2d": _constant_objects,
}


def _footprint(kind, ndim):
    if kind == "cross":
        return ndi.generate_binary_structure(ndim, 1)
    if kind == "box5":
        return np.ones((5,) * ndim, bool)
    if kind == "box3x5":
        return np.ones((3,) + (5,) * (ndim - 1), bool)
    if kind == "single":
        return np.ones((1,) * ndim, bool)
    raise ValueError(kind)


def _labels_for(image, gappy=False):
    """Several objects: connected components (connectivity 1) above the median."""
    above = image > np.median(image)
    if not above.any():
        above = image > image.min()
    labels = ref.label(above, connectivity=1)
    if gappy:  # label values with gaps: find_objects has None entries
        labels = np.where(labels > 0, 3 * labels + 1, 0)
    return labels


PEAK_PARAMS = {
    "default": {},
    "md2": dict(min_distance=2),
    "md3": dict(min_distance=3),
    "md5": dict(min_distance=5),
    "md10": dict(min_distance=10),
    "md1_no_border": dict(min_distance=1, exclude_border=False),
    "md4_no_border": dict(min_distance=4, exclude_border=False),
    "md3_border0": dict(min_distance=3, exclude_border=0),
    "md2_border5": dict(min_distance=2, exclude_border=5),
    "md5_border1": dict(min_distance=5, exclude_border=1),
    "thr_abs": dict(min_distance=2, threshold_abs="median"),
    "thr_rel": dict(min_distance=2, threshold_rel=0.5),
    "thr_both": dict(min_distance=1, threshold_abs="median", threshold_rel=0.3, exclude_border=False),
    "num_peaks1": dict(min_distance=2, num_peaks=1),
    "num_peaks5": dict(min_distance=1, num_peaks=5, exclude_border=False),
    "num_peaks17_md3": dict(min_distance=3, num_peaks=17),
    "fp_cross": dict(footprint="cross", exclude_border=False),
    "fp_box5_md1": dict(footprint="box5"),
    "fp_box3x5_md3": dict(footprint="box3x5", min_distance=3, exclude_border=2),
    "fp_single": dict(footprint="single", threshold_rel=0.8, exclude_border=False),
    "labels": dict(labels=True, exclude_border=False),
    "labels_md3": dict(labels=True, min_distance=3),
    "labels_md7_no_border": dict(labels=True, min_distance=7, exclude_border=False),
    "labels_per_label1": dict(labels=True, num_peaks_per_label=1, exclude_border=False),
    "labels_per_label2_md2": dict(labels=True, num_peaks_per_label=2, min_distance=2),
    "labels_num_peaks4": dict(labels=True, num_peaks=4, exclude_border=False),
    "labels_num_peaks6_md4": dict(labels=True, num_peaks=6, min_distance=4, exclude_border=False),
    "labels_thr_rel_border3": dict(labels=True, threshold_rel=0.4, exclude_border=3),
    "labels_fp_box5": dict(labels=True, footprint="box5", exclude_border=False),
    "labels_gappy_md2": dict(labels="gappy", min_distance=2, exclude_border=False),
    "labels_gappy_per_label1_num5": dict(labels="gappy", num_peaks_per_label=1, num_peaks=5),
}


def _resolve_peak_kwargs(params, image):
    kwargs = dict(params)
    if kwargs.get("threshold_abs") == "median":
        kwargs["threshold_abs"] = float(np.median(image))
    if isinstance(kwargs.get("footprint"), str):
        kwargs["footprint"] = _footprint(kwargs["footprint"], image.ndim)
    if kwargs.get("labels") in (True, "gappy"):
        kwargs["labels"] = _labels_for(image, gappy=kwargs["labels"] == "gappy")
    return kwargs


def assert_same_peaks(result, expected):
    result = np.asarray(result)
    if expected.size == 0:  # scikit-image returns (0, 2) for no peaks with labels, even in 3D
        assert result.size == 0 and result.ndim == 2
        return
    assert result.shape == expected.shape, f"{len(result)} peaks, expected {len(expected)}"
    assert np.issubdtype(result.dtype, np.integer)
    mismatch = np.flatnonzero((result != expected).any(axis=1))
    assert len(mismatch) == 0, (f"{len(mismatch)} rows differ; first row {mismatch[0]}: "
                                f"{result[mismatch[0]].tolist()} != {expected[mismatch[0]].tolist()}")


@pytest.mark.parametrize("params", list(PEAK_PARAMS))
@pytest.mark.parametrize("image_name", list(PEAK_IMAGES))
def test_peak_local_max_matches_reference(image_name, params):
    image = PEAK_IMAGES[image_name]()
    kwargs = _resolve_peak_kwargs(PEAK_PARAMS[params], image)
    expected = ref.peak_local_max(image, **kwargs)
    assert_same_peaks(sb.peak_local_max(image, **kwargs), expected)


def test_peak_local_max_cases_have_ties_and_peaks():
    """The inputs above do exercise equal maxima and plateaus."""
    for name in ("quantized_uint8_2d", "quantized_int32_3d", "repeated_maxima_2d", "edt_disks_2d",
                 "constant_objects_2d"):
        image = PEAK_IMAGES[name]()
        peaks = ref.peak_local_max(image, exclude_border=False)
        values = image[tuple(peaks.T)]
        assert len(peaks) > 3 and len(np.unique(values)) < len(values), name


def test_peak_local_max_docstring_examples():
    img1 = np.zeros((7, 7))
    img1[3, 4] = 1
    img1[3, 2] = 1.5
    assert_same_peaks(sb.peak_local_max(img1, min_distance=1), np.array([[3, 2], [3, 4]]))
    assert_same_peaks(sb.peak_local_max(img1, min_distance=2), np.array([[3, 2]]))
    img2 = np.zeros((20, 20, 20))
    img2[10, 10, 10] = 1
    img2[15, 15, 15] = 1
    assert_same_peaks(sb.peak_local_max(img2, exclude_border=0), np.array([[10, 10, 10], [15, 15, 15]]))


def test_peak_local_max_equal_peaks_keep_raster_order():
    """Output sorted by decreasing value, equal values in raster order; with
    min_distance > 1 an equal peak is dropped only when its Chebyshev
    distance to an earlier kept peak is < min_distance (== is kept)."""
    image = np.zeros((16, 16))
    image[8, 7] = image[8, 9] = image[11, 4] = 3.0
    image[2, 14] = 4.0
    expected = {1: [[2, 14], [8, 7], [8, 9], [11, 4]],
                2: [[2, 14], [8, 7], [8, 9], [11, 4]],
                3: [[2, 14], [8, 7], [11, 4]],
                4: [[2, 14], [8, 7]]}
    for min_distance, peaks in expected.items():
        assert_same_peaks(sb.peak_local_max(image, min_distance=min_distance, exclude_border=False), np.array(peaks))
    # exclude_border=True means a border of min_distance: (2, 14) is within 3 of the edge
    assert_same_peaks(sb.peak_local_max(image, min_distance=3), np.array([[8, 7], [11, 4]]))


@pytest.mark.parametrize("case", ["constant", "single_pixel", "all_below_threshold", "labels_all_zero",
                                  "labels_all_zero_3d", "tiny_3x3"])
def test_peak_local_max_edge_cases(case):
    image, kwargs = {
        "constant": (np.full((9, 10), 2.0), {}),
        "single_pixel": (np.ones((1, 1)), dict(exclude_border=False)),
        "all_below_threshold": (smooth_noise((20, 20), 60), dict(threshold_abs=100.0)),
        "labels_all_zero": (smooth_noise((20, 20), 61), dict(labels=np.zeros((20, 20), np.int32))),
        "labels_all_zero_3d": (smooth_noise((6, 7, 8), 62), dict(labels=np.zeros((6, 7, 8), np.int32))),
        "tiny_3x3": (np.array([[0, 1, 0], [1, 3, 1], [0, 1, 0]], float), dict(exclude_border=False)),
    }[case]
    assert_same_peaks(sb.peak_local_max(image, **kwargs), ref.peak_local_max(image, **kwargs))


def test_peak_local_max_rejects_float_labels():
    with pytest.raises((ValueError, TypeError)):
        sb.peak_local_max(smooth_noise((10, 10), 63), labels=np.ones((10, 10)))


# --------------------------------------------------------------------------
# watershed
# --------------------------------------------------------------------------

def _neg_edt(shape, seed, n, rmin, rmax):
    mask = balls(shape, seed, n, rmin, rmax)
    return -ref.distance_transform_edt(mask), mask


WATERSHED_IMAGES = {
    "levels_noise_2d": lambda: (np.random.default_rng(71).integers(0, 4, (40, 45)).astype(np.float64), None),
    "levels_smooth_uint8_2d": lambda: (quantized((48, 50), 72, levels=6, sigma=2.5), None),
    "smooth_2d": lambda: (smooth_noise((45, 47), 73, sigma=2.0), None),
    "neg_edt_2d": lambda: _neg_edt((60, 64), 74, 8, 5, 13),
    "levels_noise_3d": lambda: (np.random.default_rng(75).integers(0, 3, (12, 13, 14)).astype(np.float32), None),
    "levels_smooth_3d": lambda: (quantized((14, 15, 16), 76, levels=5, sigma=1.5, dtype=np.int32), None),
    "neg_edt_3d": lambda: _neg_edt((20, 22, 24), 77, 6, 3, 7),
}


def _watershed_markers(kind, image, mask):
    ndim = image.ndim
    if kind == "seeds":
        return sparse_seeds(image.shape, 81, 9)
    if kind == "seeds_gappy_values":
        return sparse_seeds(image.shape, 82, 6, values=[3, 9, 200, 4, 17, 1000], grow=False).astype(np.int64)
    if kind == "peaks":  # the usual pipeline: maxima of -image inside the mask
        labels = ref.label(mask) if mask is not None else None
        coords = ref.peak_local_max(-image, min_distance=3, labels=labels, exclude_border=False)
        markers = np.zeros(image.shape, np.int32)
        markers[tuple(coords.T)] = np.arange(1, len(coords) + 1)
        return markers
    if kind == "none":
        return None
    if kind.startswith("int"):
        return int(kind[3:])
    raise ValueError(kind)


WATERSHED_OPTIONS = {
    "conn1": dict(connectivity=1),
    "conn2": dict(connectivity=2),
    "conn3": dict(connectivity=3),
    "compact0.01": dict(compactness=0.01),
    "compact1": dict(compactness=1.0, connectivity=2),
    "line_conn1": dict(watershed_line=True),
    "line_conn2": dict(watershed_line=True, connectivity=2),
    "line_compact": dict(watershed_line=True, compactness=0.1),
    "mask": dict(mask=True),
    "mask_conn2_line": dict(mask=True, connectivity=2, watershed_line=True),
}


def watershed_cases():
    for image_name in WATERSHED_IMAGES:
        ndim = 3 if image_name.endswith("3d") else 2
        is_edt = image_name.startswith("neg_edt")
        for markers in (["peaks", "seeds", "none", "int10"] if is_edt else ["seeds", "seeds_gappy_values", "none", "int12"]):
            for option, kwargs in WATERSHED_OPTIONS.items():
                if kwargs.get("connectivity", 1) > ndim:
                    continue
                if markers in ("none", "int10", "int12", "seeds_gappy_values") and option not in (
                        "conn1", "conn2", "conn3", "mask", "line_conn1", "compact0.01"):
                    continue
                yield pytest.param(image_name, markers, option, id=f"{image_name}-{markers}-{option}")


@pytest.mark.parametrize("image_name, markers_kind, option", list(watershed_cases()))
def test_watershed_matches_reference(image_name, markers_kind, option):
    image, natural_mask = WATERSHED_IMAGES[image_name]()
    kwargs = dict(WATERSHED_OPTIONS[option])
    if kwargs.get("mask") is True:
        kwargs["mask"] = natural_mask if natural_mask is not None else blobs(image.shape, 83, sigma=2, fraction=0.7)
    elif natural_mask is not None:
        kwargs["mask"] = natural_mask
    markers = _watershed_markers(markers_kind, image, kwargs.get("mask"))
    expected = ref.watershed(image, markers, **kwargs)
    assert_same_labels(sb.watershed(image, markers, **kwargs), expected)
    if markers is None:
        assert_same_labels(sb.watershed(image, **kwargs), expected)


def test_watershed_keyword_markers_and_docstring_example():
    x, y = np.indices((80, 80))
    image = ((x - 28) ** 2 + (y - 28) ** 2 < 16 ** 2) | ((x - 44) ** 2 + (y - 52) ** 2 < 20 ** 2)
    distance = ref.distance_transform_edt(image)
    coords = ref.peak_local_max(distance, labels=image, footprint=np.ones((3, 3)))
    local_maxima = np.zeros_like(image, dtype=bool)
    local_maxima[tuple(coords.T)] = True
    markers = ndi.label(local_maxima)[0]
    expected = ref.watershed(-distance, markers, mask=image)
    assert len(np.unique(expected)) == 3
    assert_same_labels(sb.watershed(-distance, markers=markers, mask=image), expected)


@pytest.mark.parametrize("values", ["distinct", "few", "distinct_large", "tiled_many"])
def test_watershed_queue_layouts(values):
    """Both engine queues: more distinct values than the packed (ranked)
    queue takes (2**18; past 2**20 pixels a sample first sends mostly
    distinct images to the 16-byte queue, and others are ranked up to
    2**21 values), and few values with many equal markers, whose ties only
    scikit-image's exact heap layout decides."""
    rng = np.random.default_rng(101)
    image = rng.random((640, 640))
    if values == "few":
        image = -ref.distance_transform_edt(ndi.gaussian_filter(image, 4) > 0.5)
    elif values == "distinct_large":
        image = rng.random((1100, 1000))
    elif values == "tiled_many":  # 275k distinct values, repeated: ranked past 2**18
        image = np.tile(rng.random((550, 500)), (2, 2))
    markers = np.zeros(image.shape, np.int32)
    markers.flat[rng.choice(image.size, 3000, replace=False)] = rng.integers(1, 400, 3000)
    for connectivity in (1, 2):
        expected = ref.watershed(image, markers, connectivity=connectivity)
        assert_same_labels(sb.watershed(image, markers, connectivity=connectivity), expected)


def _tie_case(case):
    """Images whose equal-valued markers race: (image, markers, mask)."""
    if case == "pockets":  # a plateau per value, with a dip (not minimal) and two labels racing across it
        n, size = 10, 9
        image = np.zeros((n * (size + 1), n * (size + 1)))
        markers, mask = np.zeros(image.shape, np.int32), np.zeros(image.shape, bool)
        for k in range(n * n):
            y, x = (k // n) * (size + 1), (k % n) * (size + 1)
            mask[y:y + size, x:x + size] = True
            image[y:y + size, x:x + size] = k
            image[y + 4, x + 4] = k - 0.5
            markers[y + 1, x + 1], markers[y + 1, x + 7] = 2 * k + 1, 2 * k + 2
        return image, markers, mask
    if case == "minimal_plateaus":  # flat ridges with a marker at each end, at two distances
        image = np.full((30, 60), 5.0)
        markers = np.zeros(image.shape, np.int32)
        for row, (a, b) in zip((5, 15, 25), ((3, 11), (20, 27), (40, 52))):
            image[row - 1:row + 2, a:b + 1] = 1.0
            markers[row, a], markers[row, b] = row, row + 1
        return image, markers, None
    if case == "labels_past_tags":  # more labels than the list flood can tag: the heap floods everything
        rng = np.random.default_rng(7)
        image = rng.integers(0, 4, (260, 260)).astype(float)
        markers = np.zeros(image.shape, np.int32)
        markers.flat[rng.choice(image.size, 40000, replace=False)] = np.arange(1, 40001)
        return image, markers, None
    # The nuclei pipeline on tiled copies of the bundled images: identical
    # tiles, so equal-valued markers whose floods meet in equal generations.
    if case == "nuclei_tiled_2d":
        image = ndi.gaussian_filter(np.tile(bundled("img2d.tif").astype(np.float32), (2, 2)), 2.0)
        min_distance = 7
    else:
        image = ndi.gaussian_filter(np.tile(bundled("img3d.tif").astype(np.float32), (1, 3, 3)), 1.0)
        min_distance = 3
    mask = image > skimage.filters.threshold_otsu(image)
    distance = ndi.distance_transform_edt(mask)
    peaks = ref.peak_local_max(distance, min_distance=min_distance, labels=ref.label(mask))
    markers = np.zeros(mask.shape, np.int32)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    return -distance, markers, mask


@pytest.mark.parametrize("case", ["pockets", "minimal_plateaus", "labels_past_tags", "nuclei_tiled_2d", "nuclei_tiled_3d"])
def test_watershed_marker_tie_orders(case):
    """Markers of equal value leave scikit-image's heap in an order only its
    layout gives. The engine floods by value lists where that order cannot
    change a label, and through the exact heap up to where it can: races on
    minimal plateaus (found before flooding), races the lists find (given
    up and redone: once per pocket, until the waste sends the rest to the
    heap), equal generations meeting between identical tiles, and more
    labels than the lists can tag."""
    image, markers, mask = _tie_case(case)
    for connectivity in range(1, image.ndim + 1):
        expected = ref.watershed(image, markers, connectivity=connectivity, mask=mask)
        assert_same_labels(sb.watershed(image, markers, connectivity=connectivity, mask=mask), expected)


def test_watershed_plateau_split_between_markers():
    """A flat image is split between markers by distance (queue age)."""
    image = np.zeros((7, 11))
    markers = np.zeros(image.shape, np.int32)
    markers[3, 1] = 1
    markers[3, 9] = 2
    result = np.asarray(sb.watershed(image, markers))
    assert_same_labels(result, ref.watershed(image, markers))
    assert (result[:, :5] == 1).all() and (result[:, 6:] == 2).all()


@pytest.mark.parametrize("case", ["constant_no_markers", "single_pixel", "single_pixel_no_markers",
                                  "all_zero_mask", "all_one_mask", "markers_outside_mask", "one_marker_everywhere",
                                  "line_single_row"])
def test_watershed_edge_cases(case):
    image = smooth_noise((15, 16), 90)
    markers = sparse_seeds(image.shape, 91, 3)
    kwargs = {}
    if case == "constant_no_markers":
        image, markers = np.zeros((6, 7)), None
    elif case == "single_pixel":
        image, markers = np.zeros((1, 1)), np.ones((1, 1), np.int32)
    elif case == "single_pixel_no_markers":
        image, markers = np.zeros((1, 1)), None
    elif case == "all_zero_mask":
        kwargs["mask"] = np.zeros(image.shape, bool)
    elif case == "all_one_mask":
        kwargs["mask"] = np.ones(image.shape, bool)
    elif case == "markers_outside_mask":
        kwargs["mask"] = markers == 0
    elif case == "one_marker_everywhere":
        markers = np.zeros(image.shape, np.int32)
        markers[7, 7] = 5
    elif case == "line_single_row":
        image, markers, kwargs = image[:1], markers[:1] + sparse_seeds((1, 16), 92, 2) * 10, dict(watershed_line=True)
    expected = ref.watershed(image, markers, **kwargs)
    assert_same_labels(sb.watershed(image, markers, **kwargs), expected)


@pytest.mark.parametrize("bad", ["markers_shape", "mask_shape"])
def test_watershed_rejects_shape_mismatch(bad):
    image = smooth_noise((10, 11), 93)
    markers = sparse_seeds(image.shape, 94, 3)
    with pytest.raises(ValueError):
        if bad == "markers_shape":
            sb.watershed(image, markers[:-1])
        else:
            sb.watershed(image, markers, mask=np.ones((10, 10), bool))


@swiftbio_only
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_watershed_rejects_non_finite(value):
    image = smooth_noise((10, 11), 95)
    image[4, 5] = value
    with pytest.raises(ValueError):
        sb.watershed(image, sparse_seeds(image.shape, 96, 3))


@swiftbio_only
@pytest.mark.parametrize("shape, connectivity", [((10, 11), 0), ((10, 11), 3), ((5, 6, 7), 4)],
                         ids=["2d-conn0", "2d-conn3", "3d-conn4"])
def test_watershed_rejects_bad_connectivity(shape, connectivity):
    with pytest.raises(ValueError):
        sb.watershed(np.zeros(shape), sparse_seeds(shape, 97, 2), connectivity=connectivity)


# --------------------------------------------------------------------------
# flood / flood_fill
# --------------------------------------------------------------------------

FLOOD_IMAGES = {
    "levels_int_2d": lambda: blocky_levels((30, 33), 101, levels=3, block=3, noise=0.1).astype(np.int64),
    "levels_uint8_3d": lambda: blocky_levels((10, 11, 12), 102, levels=3, block=2).astype(np.uint8),
    "float_2d": lambda: smooth_noise((30, 31), 103, sigma=2.0) * 3,
    "uint8_near_max_2d": lambda: (250 + np.random.default_rng(104).integers(0, 6, (20, 21))).astype(np.uint8),
}
FLOOD_OPTIONS = {
    "default": {},
    "conn1": dict(connectivity=1),
    "conn2": dict(connectivity=2),
    "fp_cross": dict(footprint="cross"),
    "fp_box5": dict(footprint="box5"),
    "tol0": dict(tolerance=0),
    "tol1": dict(tolerance=1),
    "tol2.5_conn1": dict(tolerance=2.5, connectivity=1),
    "tol0.3": dict(tolerance=0.3),
}


@pytest.mark.parametrize("option", list(FLOOD_OPTIONS))
@pytest.mark.parametrize("seed_kind", ["corner", "inner", "negative"])
@pytest.mark.parametrize("image_name", list(FLOOD_IMAGES))
def test_flood_matches_reference(image_name, seed_kind, option):
    image = FLOOD_IMAGES[image_name]()
    kwargs = dict(FLOOD_OPTIONS[option])
    if isinstance(kwargs.get("footprint"), str):
        kwargs["footprint"] = _footprint(kwargs["footprint"], image.ndim)
    seed = {"corner": (0,) * image.ndim, "inner": tuple(s // 2 for s in image.shape),
            "negative": (-2,) * image.ndim}[seed_kind]
    expected = ref.flood(image, seed, **kwargs)
    result = np.asarray(sb.flood(image, seed, **kwargs))
    assert result.dtype == bool
    assert_same_labels(result, expected)

    new_value = 2 if image.dtype.kind in "iu" else 9.5
    expected_fill = ref.flood_fill(image, seed, new_value, **kwargs)
    original = image.copy()
    assert_same_labels(sb.flood_fill(image, seed, new_value, **kwargs), expected_fill)
    assert np.array_equal(image, original), "flood_fill modified its input without in_place"


@pytest.mark.parametrize("image_name", ["levels_int_2d", "float_2d"])
def test_flood_fill_in_place(image_name):
    image = FLOOD_IMAGES[image_name]()
    expected = ref.flood_fill(image, (3, 4), 7, tolerance=0.5)
    result = sb.flood_fill(image, (3, 4), 7, tolerance=0.5, in_place=True)
    assert_same_labels(image, expected)
    assert_same_labels(result, expected)


def test_flood_docstring_example():
    image = np.zeros((4, 7), dtype=int)
    image[1:3, 1:3] = 1
    image[3, 0] = 1
    image[1:3, 4:6] = 2
    image[3, 6] = 3
    full = image.copy()
    full[1:3, 1:3] = 5
    full[3, 0] = 5
    assert_same_labels(sb.flood_fill(image, (1, 1), 5), full)
    cross = full.copy()
    cross[3, 0] = 1
    assert_same_labels(sb.flood_fill(image, (1, 1), 5, connectivity=1), cross)
    tolerant = np.where((image == 2) | (image == 3), image, 5)
    assert_same_labels(sb.flood_fill(image, (0, 0), 5, tolerance=1), tolerant)
    assert_same_labels(sb.flood(image, (0, 0), tolerance=1), tolerant == 5)


@pytest.mark.parametrize("name", ["all_zero_2d", "all_one_3d", "single_pixel_on", "frame_touching_every_border"])
def test_flood_edge_cases(name):
    image = EDGE_MASKS[name]().astype(np.uint8)
    seed = (0,) * image.ndim
    assert_same_labels(sb.flood(image, seed), ref.flood(image, seed))
    assert_same_labels(sb.flood_fill(image, seed, 3), ref.flood_fill(image, seed, 3))


# --------------------------------------------------------------------------
# Bundled real data
# --------------------------------------------------------------------------

REAL = {"2d": ("img2d.tif", "mask2d.tif"), "3d": ("img3d.tif", "mask3d.tif")}


@pytest.mark.parametrize("dim", list(REAL))
@pytest.mark.parametrize("connectivity", [1, None], ids=["conn1", "full"])
def test_real_label_ground_truth(dim, connectivity):
    mask = bundled(REAL[dim][1])
    binary = mask > 0
    expected, num = ref.label(binary, connectivity=connectivity, return_num=True)
    result, result_num = sb.label(binary, connectivity=connectivity, return_num=True)
    assert_same_labels(result, expected)
    assert result_num == num
    # the integer ground truth: touching nuclei stay apart
    assert_same_labels(sb.label(mask, connectivity=connectivity), ref.label(mask, connectivity=connectivity))


@pytest.mark.parametrize("dim", list(REAL))
def test_real_label_tools(dim):
    mask = bundled(REAL[dim][1])
    assert sb.find_objects(mask) == ref.find_objects(mask)
    check_relabel(mask, 1)
    assert_same_labels(sb.clear_border(mask), ref.clear_border(mask))
    assert_same_labels(sb.clear_border(mask, buffer_size=2), ref.clear_border(mask, buffer_size=2))
    spacing = 1 if dim == "2d" else (2.0, 1.0, 1.0)
    assert_same_labels(sb.expand_labels(mask, 3, spacing=spacing), ref.expand_labels(mask, 3, spacing=spacing))


@pytest.mark.parametrize("dim", list(REAL))
@pytest.mark.parametrize("sampling", [None, "anisotropic"])
def test_real_edt(dim, sampling):
    binary = bundled(REAL[dim][1]) > 0
    if sampling == "anisotropic":
        sampling = (1.0, 0.5) if dim == "2d" else (2.0, 1.0, 1.0)
    expected, expected_indices = ref.distance_transform_edt(binary, sampling=sampling, return_indices=True)
    distances, indices = sb.distance_transform_edt(binary, sampling=sampling, return_indices=True)
    np.testing.assert_allclose(distances, expected, rtol=1e-5, atol=1e-6)
    indices = np.asarray(indices)
    assert indices.shape == expected_indices.shape
    assert not binary[tuple(indices)].any()
    s = np.broadcast_to(np.asarray(1.0 if sampling is None else sampling, float), (binary.ndim,))
    grid = np.indices(binary.shape)
    pointed = np.sqrt(sum(((indices[k] - grid[k]) * s[k]) ** 2 for k in range(binary.ndim)))
    np.testing.assert_allclose(pointed, expected, rtol=1e-9, atol=1e-12)


def _smoothed(dim):
    return ndi.gaussian_filter(bundled(REAL[dim][0]).astype(np.float64), 2)


PIPELINE_MIN_DISTANCE = {"2d": 7, "3d": 3}  # 3D nuclei are ~7 slices thick


def _pipeline(f, smooth, min_distance):
    """gaussian -> Otsu -> label -> EDT -> peak_local_max -> markers -> watershed,
    with the functions in namespace `f`."""
    binary = smooth > skimage.filters.threshold_otsu(smooth)
    labels = f.label(binary)
    distance = f.distance_transform_edt(binary)
    coords = f.peak_local_max(distance, min_distance=min_distance, labels=labels)
    markers = np.zeros(binary.shape, np.int32)
    markers[tuple(np.asarray(coords).T)] = np.arange(1, len(coords) + 1)
    segmented = f.watershed(-distance, markers, mask=binary)
    return dict(binary=binary, labels=labels, distance=distance, coords=coords, markers=markers,
                segmented=segmented)


@pytest.mark.parametrize("dim", list(REAL))
def test_real_pipeline_stepwise(dim):
    """Each step under test fed the reference's previous result."""
    expected = _pipeline(ref, _smoothed(dim), PIPELINE_MIN_DISTANCE[dim])
    binary = expected["binary"]
    assert_same_labels(sb.label(binary), expected["labels"])
    np.testing.assert_allclose(sb.distance_transform_edt(binary), expected["distance"], rtol=1e-5, atol=1e-6)
    assert_same_peaks(sb.peak_local_max(expected["distance"], min_distance=PIPELINE_MIN_DISTANCE[dim],
                                        labels=expected["labels"]), expected["coords"])
    assert_same_labels(sb.watershed(-expected["distance"], expected["markers"], mask=binary),
                       expected["segmented"])
    assert expected["segmented"].max() > (20 if dim == "2d" else 5)


@pytest.mark.parametrize("dim", list(REAL))
def test_real_pipeline_chained(dim):
    """The whole pipeline with the functions under test. Exact peak and
    watershed equality needs distances bit-identical to scipy's
    (sqrt of the float64 sum of squared index differences)."""
    smooth = _smoothed(dim)
    expected = _pipeline(ref, smooth, PIPELINE_MIN_DISTANCE[dim])
    result = _pipeline(sb, smooth, PIPELINE_MIN_DISTANCE[dim])
    assert_same_labels(result["labels"], expected["labels"])
    np.testing.assert_allclose(result["distance"], expected["distance"], rtol=1e-5, atol=1e-6)
    assert_same_peaks(result["coords"], expected["coords"])
    assert_same_labels(result["segmented"], expected["segmented"])

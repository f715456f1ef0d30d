"""Pixel scores and mask distances.

- Pixel scores (Jaccard, Dice/F1, precision, recall, confusion matrix):
  hand-computed cases, and a numpy reference counting the four outcomes
  with ``np.bincount`` (scikit-learn's binary scores when it is installed).
- ``hausdorff_distance`` against :func:`skimage.metrics.hausdorff_distance`
  (KD-trees), and against a KD-tree on scaled coordinates for `spacing`.
- ``average_symmetric_surface_distance`` against medpy's definition written
  out here with scipy.ndimage (erosion with ``border_value=0``, EDT with
  ``sampling``).
"""
import math

import numpy as np
import pytest
import scipy.ndimage as ndi
from scipy.spatial import cKDTree
from skimage.metrics import hausdorff_distance as ski_hausdorff

from swiftbio.metrics import (average_symmetric_surface_distance, confusion_matrix, dice, f1, hausdorff_distance,
                              jaccard, precision, recall)

SCORES = {"jaccard": jaccard, "dice": dice, "f1": f1, "precision": precision, "recall": recall}
MASK_DTYPES = ["bool", "uint8", "uint16", "int32", "float32", "float64"]
SHAPES_2D = [(1, 1), (1, 9), (7, 1), (17, 23), (40, 33)]
SHAPES_3D = [(1, 1, 1), (3, 1, 5), (7, 9, 11), (12, 15, 10)]


def shape_id(shape):
    return "x".join(map(str, shape))


def random_mask(shape, dtype="bool", density=0.3, seed=0):
    """Random foreground; integer and float masks hold label-like values
    (several nonzero values, all foreground)."""
    rng = np.random.default_rng(seed)
    mask = rng.random(shape) < density
    if dtype == "bool":
        return mask
    return (mask * rng.integers(1, 5, size=shape)).astype(dtype)


def blob_mask(shape, seed=0, level=0.55):
    """Smooth random blobs (masks with an inside and a border)."""
    rng = np.random.default_rng(seed)
    smooth = ndi.gaussian_filter(rng.random(shape), 1.5)
    return smooth > np.quantile(smooth, level)


# ----------------------------------------------------------------------------
# Pixel scores
# ----------------------------------------------------------------------------

def reference_counts(y_true, y_pred):
    """(tn, fp, fn, tp) from a histogram of 2 * truth + prediction."""
    codes = 2 * (np.asarray(y_true) != 0).astype(np.int64) + (np.asarray(y_pred) != 0)
    return tuple(int(c) for c in np.bincount(codes.ravel(), minlength=4))


def reference_score(name, y_true, y_pred, zero_division=0.0):
    tn, fp, fn, tp = reference_counts(y_true, y_pred)
    numerator, denominator = {"jaccard": (tp, tp + fp + fn), "dice": (2 * tp, 2 * tp + fp + fn),
                              "f1": (2 * tp, 2 * tp + fp + fn), "precision": (tp, tp + fp),
                              "recall": (tp, tp + fn)}[name]
    return numerator / denominator if denominator else zero_division


def test_scores_hand_computed():
    truth = np.array([[0, 1, 1, 1, 0, 0]])
    prediction = np.array([[1, 1, 0, 0, 0, 0]])
    np.testing.assert_array_equal(confusion_matrix(truth, prediction), [[2, 1], [2, 1]])
    assert jaccard(truth, prediction) == 0.25
    assert dice(truth, prediction) == f1(truth, prediction) == 0.4
    assert precision(truth, prediction) == 0.5
    assert recall(truth, prediction) == 1 / 3
    assert jaccard(truth, truth) == dice(truth, truth) == precision(truth, truth) == recall(truth, truth) == 1.0
    assert jaccard(truth, 1 - truth) == 0.0


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("shape", SHAPES_2D + SHAPES_3D + [(5,), (2, 3, 4, 5)], ids=shape_id)
@pytest.mark.parametrize("dtype", MASK_DTYPES)
def test_scores_random(dtype, shape, seed):
    truth = random_mask(shape, dtype, 0.4, seed)
    prediction = random_mask(shape, "bool" if seed == 1 else dtype, 0.3, seed + 100)
    matrix = confusion_matrix(truth, prediction)
    assert matrix.dtype == np.int64 and matrix.shape == (2, 2)
    np.testing.assert_array_equal(matrix.ravel(), reference_counts(truth, prediction))
    for name, score in SCORES.items():
        result = score(truth, prediction)
        assert type(result) is float
        assert result == reference_score(name, truth, prediction), name


def test_scores_nan_and_negative_values_are_foreground():
    truth = np.array([[np.nan, -1.0, 0.0, 2.0]])
    prediction = np.array([[1, 0, 0, -3]], dtype=np.int32)
    np.testing.assert_array_equal(confusion_matrix(truth, prediction), [[1, 0], [1, 2]])


@pytest.mark.parametrize("zero_division", [0.0, 1.0, 0, 1, float("nan")], ids=repr)
def test_scores_zero_division(zero_division):
    empty, some = np.zeros((4, 5), bool), np.eye(4, 5, dtype=bool)
    expected = float(zero_division)
    for name in ("jaccard", "dice", "f1", "precision", "recall"):
        result = SCORES[name](empty, empty, zero_division=zero_division)
        assert result == expected or (math.isnan(expected) and math.isnan(result)), name
    for name, truth, prediction in [("precision", some, empty), ("recall", empty, some)]:
        result = SCORES[name](truth, prediction, zero_division=zero_division)
        assert result == expected or (math.isnan(expected) and math.isnan(result)), name
        other = SCORES["recall" if name == "precision" else "precision"](truth, prediction, zero_division=zero_division)
        assert other == 0.0
    np.testing.assert_array_equal(confusion_matrix(empty, empty), [[20, 0], [0, 0]])


def test_scores_against_sklearn():
    metrics = pytest.importorskip("sklearn.metrics")
    for seed in range(5):
        truth, prediction = random_mask((30, 31), "uint8", 0.4, seed) != 0, random_mask((30, 31), "bool", 0.3, seed + 9)
        t, p = truth.ravel(), prediction.ravel()
        assert jaccard(truth, prediction) == pytest.approx(metrics.jaccard_score(t, p), rel=1e-15)
        assert f1(truth, prediction) == pytest.approx(metrics.f1_score(t, p), rel=1e-15)
        assert precision(truth, prediction) == pytest.approx(metrics.precision_score(t, p), rel=1e-15)
        assert recall(truth, prediction) == pytest.approx(metrics.recall_score(t, p), rel=1e-15)
        np.testing.assert_array_equal(confusion_matrix(truth, prediction),
                                      metrics.confusion_matrix(t, p, labels=[False, True]))


@pytest.mark.parametrize("name", list(SCORES) + ["confusion_matrix"])
def test_scores_bad_input(name):
    function = SCORES.get(name, confusion_matrix)
    with pytest.raises(ValueError, match="same shape"):
        function(np.zeros((3, 4)), np.zeros((4, 3)))
    with pytest.raises(TypeError, match="dtype"):
        function(np.zeros((3, 4), dtype=np.complex64), np.zeros((3, 4)))
    with pytest.raises(TypeError, match="dtype"):
        function(np.zeros((2, 2)), np.array([["a", "b"], ["c", "d"]]))
    if name != "confusion_matrix":
        with pytest.raises(ValueError, match="zero_division"):
            function(np.ones((2, 2)), np.ones((2, 2)), zero_division=0.5)
        with pytest.raises(TypeError, match="zero_division"):
            function(np.ones((2, 2)), np.ones((2, 2)), zero_division="warn")
        with pytest.raises(TypeError, match="zero_division"):
            function(np.ones((2, 2)), np.ones((2, 2)), zero_division=True)


# ----------------------------------------------------------------------------
# Hausdorff distance
# ----------------------------------------------------------------------------

def kdtree_hausdorff(a, b, method, spacing):
    """Hausdorff distance of the nonzero pixels' physical coordinates."""
    points_a = np.argwhere(a) * np.asarray(spacing, dtype=np.float64)
    points_b = np.argwhere(b) * np.asarray(spacing, dtype=np.float64)
    a_to_b = cKDTree(points_b).query(points_a)[0]
    b_to_a = cKDTree(points_a).query(points_b)[0]
    if method == "standard":
        return max(a_to_b.max(), b_to_a.max())
    return max(a_to_b.mean(), b_to_a.mean())


@pytest.mark.parametrize("method", ["standard", "modified"])
@pytest.mark.parametrize("density", [0.002, 0.05, 0.5], ids=["sparse", "some", "dense"])
@pytest.mark.parametrize("shape", SHAPES_2D + SHAPES_3D + [(29,)], ids=shape_id)
def test_hausdorff_against_skimage(shape, density, method):
    for seed in range(3):
        a = random_mask(shape, "bool", density, seed)
        b = random_mask(shape, "bool", density, seed + 50)
        result = hausdorff_distance(a, b, method)
        assert type(result) is float
        np.testing.assert_allclose(result, ski_hausdorff(a, b, method), rtol=1e-12)


@pytest.mark.parametrize("method", ["standard", "modified"])
@pytest.mark.parametrize("dtype", MASK_DTYPES)
def test_hausdorff_dtypes(dtype, method):
    a, b = random_mask((15, 17), dtype, 0.1, 1), random_mask((15, 17), dtype, 0.1, 2)
    np.testing.assert_allclose(hausdorff_distance(a, b, method), ski_hausdorff(a, b, method), rtol=1e-12)


@pytest.mark.parametrize("method", ["standard", "modified"])
@pytest.mark.parametrize("ndim", [2, 3])
def test_hausdorff_single_pixels(ndim, method):
    shape = (9, 8, 7)[:ndim]
    a, b = np.zeros(shape, bool), np.zeros(shape, bool)
    a[(1,) * ndim] = True
    b[(8, 7, 6)[:ndim]] = True
    expected = math.sqrt(sum((e - 1) ** 2 for e in (8, 7, 6)[:ndim]))
    assert hausdorff_distance(a, b, method) == pytest.approx(expected, rel=1e-15)
    assert hausdorff_distance(a, a, method) == 0.0
    np.testing.assert_allclose(hausdorff_distance(a, b, method), ski_hausdorff(a, b, method), rtol=1e-12)


@pytest.mark.parametrize("method", ["standard", "modified"])
def test_hausdorff_empty(method):
    empty, some = np.zeros((5, 6), bool), np.eye(5, 6, dtype=bool)
    assert hausdorff_distance(empty, empty, method) == 0.0 == ski_hausdorff(empty, empty, method)
    assert hausdorff_distance(empty, some, method) == math.inf == ski_hausdorff(empty, some, method)
    assert hausdorff_distance(some, empty, method) == math.inf == ski_hausdorff(some, empty, method)
    assert hausdorff_distance(np.zeros((2, 3, 4)), np.ones((2, 3, 4)), method) == math.inf


def test_hausdorff_hand_computed():
    a, b = np.zeros((7, 3), bool), np.zeros((7, 3), bool)
    a[3, 0] = b[6, 0] = b[3, 1] = True
    assert hausdorff_distance(a, b) == 3.0
    assert hausdorff_distance(a, b, "modified") == 2.0      # max(mean(3, 1), 1)
    assert hausdorff_distance(a, b, spacing=(0.5, 1)) == 1.5
    assert hausdorff_distance(a, b, spacing=2) == 6.0


@pytest.mark.parametrize("method", ["standard", "modified"])
@pytest.mark.parametrize("shape, spacing", [((23, 19), (0.5, 1.75)), ((23, 19), 0.3), ((8, 11, 9), (2.0, 0.5, 0.7)),
                                            ((31,), (0.25,))], ids=["2d", "2d-iso", "3d", "1d"])
def test_hausdorff_spacing(shape, spacing, method):
    per_axis = (spacing,) * len(shape) if np.isscalar(spacing) else spacing
    for seed in range(3):
        a, b = random_mask(shape, "bool", 0.05, seed), random_mask(shape, "bool", 0.05, seed + 7)
        a.flat[seed] = b.flat[-1 - seed] = True   # never empty
        np.testing.assert_allclose(hausdorff_distance(a, b, method, spacing=spacing),
                                   kdtree_hausdorff(a, b, method, per_axis), rtol=1e-12)


def test_hausdorff_bad_input():
    a = np.ones((4, 5), bool)
    with pytest.raises(ValueError, match="method"):
        hausdorff_distance(a, a, "average")
    with pytest.raises(ValueError, match="same shape"):
        hausdorff_distance(a, a.T)
    with pytest.raises(ValueError, match="1D, 2D or 3D"):
        hausdorff_distance(np.ones((2, 2, 2, 2)), np.ones((2, 2, 2, 2)))
    with pytest.raises(ValueError, match="1D, 2D or 3D"):
        hausdorff_distance(np.array(True), np.array(True))
    with pytest.raises(TypeError, match="dtype"):
        hausdorff_distance(a.astype(np.complex64), a)
    with pytest.raises(ValueError, match="spacing"):
        hausdorff_distance(a, a, spacing=(1, 0))
    with pytest.raises(ValueError, match="spacing"):
        hausdorff_distance(a, a, spacing=(1, 2, 3))
    with pytest.raises(TypeError, match="spacing"):
        hausdorff_distance(a, a, spacing="1")


# ----------------------------------------------------------------------------
# Average symmetric surface distance
# ----------------------------------------------------------------------------

def scipy_assd(y_true, y_pred, spacing=None, connectivity=1):
    """medpy's assd, written out with scipy.ndimage."""
    a, b = np.asarray(y_true) != 0, np.asarray(y_pred) != 0
    structure = ndi.generate_binary_structure(a.ndim, connectivity)
    border_a = a ^ ndi.binary_erosion(a, structure, border_value=0)
    border_b = b ^ ndi.binary_erosion(b, structure, border_value=0)
    a_to_b = ndi.distance_transform_edt(~border_b, sampling=spacing)[border_a].mean()
    b_to_a = ndi.distance_transform_edt(~border_a, sampling=spacing)[border_b].mean()
    return np.mean((a_to_b, b_to_a))


SPACINGS = {2: [None, 1.5, (0.5, 2.0)], 3: [None, 0.8, (2.5, 0.5, 1.25)]}


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("shape", [(1, 1), (1, 9), (17, 23), (40, 33), (1, 1, 1), (3, 1, 5), (9, 12, 11), (16, 14, 18)],
                         ids=shape_id)
def test_assd_against_scipy(shape, seed):
    ndim = len(shape)
    a, b = blob_mask(shape, seed), blob_mask(shape, seed + 20, 0.6)
    a.flat[0] = b.flat[-1] = True   # never empty
    for connectivity in range(1, ndim + 1):
        for spacing in SPACINGS[ndim]:
            result = average_symmetric_surface_distance(a, b, spacing=spacing, connectivity=connectivity)
            assert type(result) is float
            np.testing.assert_allclose(result, scipy_assd(a, b, spacing, connectivity), rtol=1e-12)


@pytest.mark.parametrize("density", [0.01, 0.3, 0.9])
@pytest.mark.parametrize("dtype", MASK_DTYPES)
def test_assd_random_masks(dtype, density):
    for shape in [(19, 21), (6, 7, 8)]:
        a, b = random_mask(shape, dtype, density, 3), random_mask(shape, dtype, density, 4)
        a.flat[3] = b.flat[5] = 1
        np.testing.assert_allclose(average_symmetric_surface_distance(a, b, spacing=(0.7,) * len(shape)),
                                   scipy_assd(a, b, (0.7,) * len(shape)), rtol=1e-12)


def test_assd_1d():
    a = np.array([0, 1, 1, 1, 1, 0, 0, 0, 0, 0], bool)
    b = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 0], bool)
    np.testing.assert_allclose(average_symmetric_surface_distance(a, b, spacing=0.5), scipy_assd(a, b, 0.5),
                               rtol=1e-12)
    # borders {1, 4} and {6, 8}: (mean(5, 2) + mean(2, 4)) / 2
    assert average_symmetric_surface_distance(a, b) == 3.25


def test_assd_hand_computed_and_symmetric():
    a = np.zeros((7, 7), bool)
    a[1:6, 1:6] = True
    b = np.zeros_like(a)
    b[2:5, 2:5] = True
    expected = (1 + (12 + 4 * math.sqrt(2)) / 16) / 2
    assert average_symmetric_surface_distance(a, b) == pytest.approx(expected, rel=1e-15)
    assert average_symmetric_surface_distance(b, a) == average_symmetric_surface_distance(a, b)
    assert average_symmetric_surface_distance(a, a) == 0.0
    full = np.ones((4, 5), bool)   # the image edge is a border (outside is background)
    assert average_symmetric_surface_distance(full, full) == 0.0


def test_assd_bad_input():
    a = np.ones((4, 5), bool)
    with pytest.raises(ValueError, match="y_pred has no foreground"):
        average_symmetric_surface_distance(a, np.zeros_like(a))
    with pytest.raises(ValueError, match="y_true has no foreground"):
        average_symmetric_surface_distance(np.zeros_like(a), a)
    with pytest.raises(ValueError, match="same shape"):
        average_symmetric_surface_distance(a, a.T)
    for connectivity in (0, 3, 1.5, True):
        with pytest.raises(ValueError, match="connectivity"):
            average_symmetric_surface_distance(a, a, connectivity=connectivity)
    with pytest.raises(ValueError, match="spacing"):
        average_symmetric_surface_distance(a, a, spacing=-1)
    with pytest.raises(ValueError, match="1D, 2D or 3D"):
        average_symmetric_surface_distance(np.ones((2,) * 4), np.ones((2,) * 4))
    with pytest.raises(TypeError, match="dtype"):
        average_symmetric_surface_distance(a, np.array([["a"] * 5] * 4))

"""``swiftbio.metrics.matching`` / ``matching_dataset`` against StarDist's
``stardist.matching`` (StarDist 0.9.2; imports without TensorFlow, needs numba).

Every expected value is computed by StarDist in the test itself; hand-checked
cases (which need no StarDist) pin the definitions as well. Counts (tp, fp,
fn, n_true, n_pred) are compared exactly; precision, recall, accuracy and f1
(ratios of counts) to ``rtol=1e-9``; the score statistics (mean_true_score,
mean_matched_score, panoptic_quality, matched_scores) to ``rtol=1e-6``,
because StarDist computes IoU/IoT/IoP as float32 (``_safe_divide`` writes
into a float32 array) and sums them in float32, so its values carry float32
rounding (a score of exactly 0.7 is reported as 0.699999988...). Its
threshold test ``scores >= thr`` is float32 too (NumPy 2 casts the Python
float to float32); for the object sizes here that decides exactly as
``overlap / union >= thr`` in float64.

matched_pairs: StarDist reports ``min(n_true, n_pred)`` assigned pairs,
including pairs below the threshold, sorted by true label. Pairs of score 0
are interchangeable (any choice is optimal), so instead of demanding
StarDist's exact tie-breaking the test checks that the result is a valid
assignment of that size, sorted by true label, with correct scores and
matched_tps, and that it is optimal: the same number of true positives and
the same total score as StarDist's (``linear_sum_assignment`` of
``-(score >= thr) - score / (2 n_matched)``).

``SWIFTBIO_TEST_REFERENCE=1`` runs the suite with StarDist itself in place of
swiftbio's functions, which validates the tests (every check here, the
hand-checked values and the errors included, holds for StarDist too).
"""
import os

REFERENCE = os.environ.get("SWIFTBIO_TEST_REFERENCE") == "1"  # run the suite against StarDist itself

import functools
import importlib
import math

import numpy as np
import pytest
import scipy.ndimage as ndi
import skimage.segmentation
import tifffile

import swiftbio

try:
    import stardist.matching as _stardist
except ImportError:                                       # pragma: no cover - stardist is a test dependency
    _stardist = None

needs_stardist = pytest.mark.skipif(_stardist is None, reason="stardist (the reference) is not installed")


# --------------------------------------------------------------------------
# The functions under test and their references
# --------------------------------------------------------------------------

def ref_matching(y_true, y_pred, thresh=0.5, criterion="iou", report_matches=False):
    return _stardist.matching(y_true, y_pred, thresh=thresh, criterion=criterion, report_matches=report_matches)


def ref_matching_dataset(y_true, y_pred, thresh=0.5, criterion="iou", by_image=False):
    return _stardist.matching_dataset(y_true, y_pred, thresh=thresh, criterion=criterion, by_image=by_image,
                                      show_progress=False)


class _UnderTest:
    """``sb.matching`` is ``swiftbio.metrics.matching`` -- or, when REFERENCE,
    StarDist's. Resolved at call time, so a missing function fails only the
    tests that call it."""

    def __getattr__(self, name):
        if REFERENCE:
            if _stardist is None:
                pytest.skip("SWIFTBIO_TEST_REFERENCE=1 needs stardist")
            return {"matching": ref_matching, "matching_dataset": ref_matching_dataset}[name]
        return getattr(importlib.import_module("swiftbio.metrics"), name)


sb = _UnderTest()

STAT_FIELDS = ("criterion", "thresh", "fp", "tp", "fn", "precision", "recall", "accuracy", "f1", "n_true",
               "n_pred", "mean_true_score", "mean_matched_score", "panoptic_quality")
MATCH_FIELDS = ("matched_pairs", "matched_scores", "matched_tps")
COUNT_FIELDS = ("fp", "tp", "fn", "n_true", "n_pred")
RATIO_FIELDS = ("precision", "recall", "accuracy", "f1")
SCORE_FIELDS = ("mean_true_score", "mean_matched_score", "panoptic_quality")
CRITERIA = ("iou", "iot", "iop")
THRESHOLDS = (0.1, 0.3, 0.5, 0.7, 0.9)


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def assert_same_stats(result, expected):
    """Every field of StarDist's result (except the matches) as an attribute
    of equal value (tolerances: see the module docstring)."""
    for field in expected._fields:
        if field in MATCH_FIELDS:
            continue
        assert hasattr(result, field), f"result has no attribute {field!r}"
        got, want = getattr(result, field), getattr(expected, field)
        if field == "criterion":
            assert got == want
        elif field == "by_image":
            assert bool(got) is bool(want)
        elif field == "thresh":
            assert float(got) == float(want)
        elif field in COUNT_FIELDS:
            assert float(got).is_integer() and int(got) == int(want), f"{field}: {got} != {want}"
        elif field in RATIO_FIELDS:
            assert math.isclose(got, want, rel_tol=1e-9, abs_tol=0.0), f"{field}: {got!r} != {want!r}"
        else:
            assert field in SCORE_FIELDS, field
            assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-12), f"{field}: {got!r} != {want!r}"


class Overlaps:
    """Pixel counts of every (true, pred) label pair and of every label, in float64."""

    def __init__(self, y_true, y_pred):
        t = np.asarray(y_true).ravel().astype(np.int64)
        p = np.asarray(y_pred).ravel().astype(np.int64)
        base = int(p.max(initial=0)) + 1
        codes, counts = np.unique(t * base + p, return_counts=True)
        self.overlap = {(int(c // base), int(c % base)): int(n) for c, n in zip(codes, counts)}
        self.true_size = dict(zip(*(x.tolist() for x in np.unique(t, return_counts=True))))
        self.pred_size = dict(zip(*(x.tolist() for x in np.unique(p, return_counts=True))))
        self.true_ids = set(self.true_size) - {0}
        self.pred_ids = set(self.pred_size) - {0}

    def score(self, t, p, criterion):
        o = self.overlap.get((t, p), 0)
        st, sp = self.true_size[t], self.pred_size[p]
        return {"iou": o / (st + sp - o), "iot": o / st, "iop": o / sp}[criterion]


def assert_same_matches(result, expected, overlaps, thresh, criterion):
    for field in MATCH_FIELDS:
        assert hasattr(result, field), f"result has no attribute {field!r}"
    pairs = [(int(t), int(p)) for t, p in result.matched_pairs]
    scores = np.asarray(result.matched_scores, dtype=np.float64)
    tps = [int(i) for i in result.matched_tps]
    assert len(pairs) == len(expected.matched_pairs) == min(expected.n_true, expected.n_pred)
    assert len(scores) == len(pairs)
    true_ids, pred_ids = [t for t, _ in pairs], [p for _, p in pairs]
    assert true_ids == sorted(set(true_ids)), "pairs not sorted by true label, or a true label twice"
    assert len(set(pred_ids)) == len(pred_ids), "a predicted label in two pairs"
    assert set(true_ids) <= overlaps.true_ids and set(pred_ids) <= overlaps.pred_ids
    own = [overlaps.score(t, p, criterion) for t, p in pairs]
    np.testing.assert_allclose(scores, own, rtol=1e-6, atol=1e-12, err_msg="matched_scores")
    assert tps == [i for i, s in enumerate(own) if s >= thresh], "matched_tps"
    assert len(tps) == int(expected.tp)
    # optimal: StarDist's assignment is; equal count and equal total score => also optimal
    total = sum(own)
    expected_total = sum(overlaps.score(int(t), int(p), criterion) for t, p in expected.matched_pairs)
    assert math.isclose(total, expected_total, rel_tol=1e-6, abs_tol=1e-12), (total, expected_total)
    expected_tp_pairs = {tuple(map(int, expected.matched_pairs[i])) for i in expected.matched_tps}
    if {pairs[i] for i in tps} != expected_tp_pairs:                # a tie: allowed, as shown above
        tp_total = sum(own[i] for i in tps)
        expected_tp_total = sum(overlaps.score(t, p, criterion) for t, p in expected_tp_pairs)
        assert math.isclose(tp_total, expected_tp_total, rel_tol=1e-6, abs_tol=1e-12)


def check_matching(y_true, y_pred, thresh, criterion):
    """swiftbio vs StarDist with report_matches=True, for one threshold or a list."""
    expected = ref_matching(y_true, y_pred, thresh=thresh, criterion=criterion, report_matches=True)
    result = sb.matching(y_true, y_pred, thresh=thresh, criterion=criterion, report_matches=True)
    overlaps = Overlaps(y_true, y_pred)
    if np.isscalar(thresh):
        expected, result, thresh = [expected], [result], [thresh]
    else:
        assert isinstance(result, (list, tuple)), type(result)
    assert len(result) == len(expected) == len(thresh)
    for r, e, t in zip(result, expected, thresh):
        assert_same_stats(r, e)
        assert_same_matches(r, e, overlaps, t, criterion)
    return expected


# --------------------------------------------------------------------------
# Inputs (fixed seeds)
# --------------------------------------------------------------------------

def instance_labels(shape, seed, n):
    """Touching Voronoi tiles with one-pixel gaps in places, a fifth of them
    removed: instance labels 1..k."""
    rng = np.random.default_rng(seed)
    seeds = np.zeros(shape, np.int32)
    for k in range(1, n + 1):
        seeds[tuple(int(rng.integers(0, s)) for s in shape)] = k
    tiles = skimage.segmentation.expand_labels(seeds, distance=sum(shape))
    edge = ndi.maximum_filter(tiles, 3) != ndi.minimum_filter(tiles, 3)
    tiles[edge & (rng.random(shape) < 0.6)] = 0
    tiles[np.isin(tiles, rng.choice(np.arange(1, n + 1), n // 5, replace=False))] = 0
    return skimage.segmentation.relabel_sequential(tiles)[0]


def shift(labels, offset):
    out = np.zeros_like(labels)
    src = tuple(slice(max(0, -o), s - max(0, o)) for o, s in zip(offset, labels.shape))
    dst = tuple(slice(max(0, o), s - max(0, -o)) for o, s in zip(offset, labels.shape))
    out[dst] = labels[src]
    return out


def erode_labels(labels, times=1):
    """Per-label erosion: keep the pixels whose 3^n neighbourhood is all one label."""
    for _ in range(times):
        labels = np.where(ndi.minimum_filter(labels, 3) == ndi.maximum_filter(labels, 3), labels, 0)
    return labels


def random_relabel(labels, seed, first=5, step=3):
    ids = np.unique(labels)
    ids = ids[ids != 0]
    lut = np.zeros(int(labels.max()) + 1, np.int64)
    lut[ids] = first + step * np.random.default_rng(seed).permutation(len(ids))
    return lut[labels]


def perturbed(labels, seed):
    """A plausible prediction: shifted, some objects eroded, merged, split,
    dropped, spurious ones added, ids shuffled and non-consecutive."""
    rng = np.random.default_rng(seed)
    out = shift(labels, tuple(int(rng.integers(-2, 3)) for _ in labels.shape))
    ids = [i for i in np.unique(out) if i != 0]
    rng.shuffle(ids)
    k = max(1, len(ids) // 8)
    eroded = erode_labels(out)
    for i in ids[:k]:
        out[(out == i) & (eroded != i)] = 0                        # eroded
    for a, b in zip(ids[k:2 * k], ids[2 * k:3 * k]):
        out[out == b] = a                                         # merged (maybe not adjacent)
    new = int(labels.max()) + 1
    for i in ids[3 * k:4 * k]:
        m = out == i
        cut = np.argwhere(m)[:, -1].mean() if m.any() else 0
        out[m & (np.indices(out.shape)[-1] > cut)] = new          # split
        new += 1
    for i in ids[4 * k:5 * k]:
        out[out == i] = 0                                         # dropped
    for _ in range(k):
        corner = tuple(int(rng.integers(0, s - 2)) for s in out.shape)
        region = tuple(slice(c, c + 2) for c in corner)
        out[region] = np.where(out[region] == 0, new, out[region])  # spurious
        new += 1
    return random_relabel(out, seed + 1)


@functools.lru_cache(maxsize=None)
def bundled(name):
    return tifffile.imread(swiftbio.data.path(name))


def _real(dim):
    return bundled(f"mask{dim}.tif")


PAIRS = {
    "2d_perturbed": lambda: (instance_labels((64, 71), 1, 30), perturbed(instance_labels((64, 71), 1, 30), 2)),
    "2d_shifted": lambda: (instance_labels((64, 71), 3, 25), shift(instance_labels((64, 71), 3, 25), (2, -3))),
    "2d_eroded": lambda: (instance_labels((64, 71), 4, 25), erode_labels(instance_labels((64, 71), 4, 25), 2)),
    "2d_unrelated": lambda: (instance_labels((64, 71), 1, 30), instance_labels((64, 71), 101, 30)),
    "3d_unrelated": lambda: (instance_labels((14, 24, 21), 4, 25), instance_labels((14, 24, 21), 104, 25)),
    "3d_perturbed": lambda: (instance_labels((14, 24, 21), 5, 25),
                             perturbed(instance_labels((14, 24, 21), 5, 25), 6)),
    "3d_shifted": lambda: (instance_labels((14, 24, 21), 7, 20), shift(instance_labels((14, 24, 21), 7, 20),
                                                                       (1, 0, -2))),
    "real_2d_shifted": lambda: (_real("2d"), shift(_real("2d"), (3, -2))),
    "real_2d_eroded": lambda: (_real("2d"), erode_labels(_real("2d"), 2)),
    "real_2d_relabelled": lambda: (_real("2d"), random_relabel(_real("2d"), 8)),
    "real_2d_perturbed": lambda: (_real("2d"), perturbed(_real("2d"), 9)),
    "real_3d_shifted": lambda: (_real("3d"), shift(_real("3d"), (1, 2, -2))),
    "real_3d_perturbed": lambda: (_real("3d"), perturbed(_real("3d"), 10)),
}


@functools.lru_cache(maxsize=None)
def pair(name):
    y_true, y_pred = PAIRS[name]()
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    for a in (y_true, y_pred):
        a.flags.writeable = False
    return y_true, y_pred


# --------------------------------------------------------------------------
# matching vs StarDist
# --------------------------------------------------------------------------

@needs_stardist
@pytest.mark.parametrize("thresh", THRESHOLDS)
@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("name", list(PAIRS))
def test_matching_matches_stardist(name, criterion, thresh):
    y_true, y_pred = pair(name)
    check_matching(y_true, y_pred, thresh, criterion)


@needs_stardist
@pytest.mark.parametrize("name", list(PAIRS))
def test_matching_list_of_thresholds(name):
    y_true, y_pred = pair(name)
    expected = check_matching(y_true, y_pred, list(THRESHOLDS), "iou")
    check_matching(y_true, y_pred, (0.05, 0.5, 0.95), "iop")
    # without report_matches: the same statistics
    result = sb.matching(y_true, y_pred, thresh=list(THRESHOLDS))
    for r, e in zip(result, expected):
        assert_same_stats(r, e)


@needs_stardist
@pytest.mark.parametrize("name", ["2d_perturbed", "real_2d_perturbed", "3d_perturbed"])
def test_matching_default_arguments(name):
    y_true, y_pred = pair(name)
    assert_same_stats(sb.matching(y_true, y_pred), ref_matching(y_true, y_pred))


@needs_stardist
def test_pairs_are_not_trivial():
    """The perturbed pairs have every kind of outcome (matches, misses,
    spurious objects) and the thresholds change the counts."""
    changed = []
    for name in ("2d_perturbed", "3d_perturbed", "real_2d_perturbed", "real_3d_perturbed"):
        y_true, y_pred = pair(name)
        stats = ref_matching(y_true, y_pred, thresh=list(THRESHOLDS))
        assert all(s.fp > 0 and s.fn > 0 for s in stats), name
        assert stats[0].tp >= stats[2].tp > stats[-1].tp, (name, [s.tp for s in stats])
        assert stats[2].tp > 0
        changed.append(stats[0].tp > stats[2].tp)
    assert any(changed)
    perfect = ref_matching(*pair("real_2d_relabelled"))
    assert perfect.tp == perfect.n_true == 125 and perfect.f1 == 1.0
    # unrelated tilings at 0.1: taking the best-scoring pair first finds fewer matches
    for name in ("2d_unrelated", "3d_unrelated"):
        overlaps = Overlaps(*pair(name))
        assert greedy_tp(overlaps, 0.1) < ref_matching(*pair(name), thresh=0.1).tp, name


def greedy_tp(overlaps, thresh):
    """True positives of best-score-first matching (what the optimal assignment beats)."""
    candidates = sorted(((overlaps.score(t, p, "iou"), t, p) for t, p in overlaps.overlap
                         if t and p), reverse=True)
    used_t, used_p, tp = set(), set(), 0
    for score, t, p in candidates:
        if score >= thresh and t not in used_t and p not in used_p:
            used_t.add(t)
            used_p.add(p)
            tp += 1
    return tp


@needs_stardist
@pytest.mark.parametrize("dtypes", [(np.uint8, np.uint8), (np.uint16, np.int32), (np.int64, np.uint32),
                                    (np.int32, np.uint16)], ids=lambda d: f"{np.dtype(d[0]).name}-"
                                                                          f"{np.dtype(d[1]).name}")
def test_matching_label_dtypes(dtypes):
    y_true, y_pred = pair("2d_perturbed")
    y_true = random_relabel(y_true, 31, first=1, step=2)
    y_pred = random_relabel(y_pred, 32, first=3, step=2)
    assert y_true.max() <= 255 and y_pred.max() <= 255
    if np.dtype(dtypes[0]).itemsize >= 4:
        y_true = np.where(y_true > 0, y_true + 70000, 0)           # ids beyond uint16
    check_matching(y_true.astype(dtypes[0]), y_pred.astype(dtypes[1]), 0.3, "iou")


@needs_stardist
def test_matching_non_contiguous_inputs():
    y_true, y_pred = pair("real_2d_perturbed")
    t, p = y_true[::-1, ::2], np.asfortranarray(y_pred)[::-1, ::2]
    assert not t.flags.c_contiguous and not p.flags.c_contiguous
    check_matching(t, p, 0.5, "iou")


@needs_stardist
@pytest.mark.parametrize("case", ["true_empty", "pred_empty", "both_empty", "disjoint", "identical",
                                  "single_pixel_image", "one_row"])
@pytest.mark.parametrize("criterion", CRITERIA)
def test_matching_edge_cases_match_stardist(case, criterion):
    y = instance_labels((20, 23), 11, 8)
    zero = np.zeros_like(y)
    y_true, y_pred = {
        "true_empty": (zero, y),
        "pred_empty": (y, zero),
        "both_empty": (zero, zero),
        "disjoint": (np.where(np.arange(23) < 11, y, 0), np.where(np.arange(23) >= 12, y, 0)),
        "identical": (y, y.copy()),
        "single_pixel_image": (np.array([[4]], np.int32), np.array([[1]], np.int32)),
        "one_row": (np.array([[1, 1, 2, 2, 0, 3]], np.int32), np.array([[0, 5, 5, 5, 5, 0]], np.int32)),
    }[case]
    check_matching(y_true, y_pred, 0.5, criterion)
    check_matching(y_true, y_pred, [0.1, 0.5, 0.9], criterion)


@needs_stardist
def test_matching_inputs_are_not_modified():
    y_true, y_pred = (a.copy() for a in pair("2d_perturbed"))
    before = y_true.copy(), y_pred.copy()
    sb.matching(y_true, y_pred, thresh=[0.1, 0.5], report_matches=True)
    assert np.array_equal(y_true, before[0]) and np.array_equal(y_pred, before[1])


# --------------------------------------------------------------------------
# matching_dataset vs StarDist
# --------------------------------------------------------------------------

def dataset(dim):
    if dim == "2d":
        names = ["2d_perturbed", "2d_shifted", "2d_eroded", "real_2d_perturbed"]
    else:
        names = ["3d_perturbed", "3d_shifted", "real_3d_perturbed"]
    y_true = [pair(n)[0] for n in names]
    y_pred = [pair(n)[1] for n in names]
    # an image without true objects and one without predictions
    y_true.append(np.zeros_like(y_true[0]))
    y_pred.append(y_pred[0])
    y_true.append(y_true[1])
    y_pred.append(np.zeros_like(y_pred[1]))
    return y_true, y_pred


@needs_stardist
@pytest.mark.parametrize("by_image", [False, True])
@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("dim", ["2d", "3d"])
def test_matching_dataset_matches_stardist(dim, criterion, by_image):
    y_true, y_pred = dataset(dim)
    for thresh in (0.1, 0.5, 0.7):
        expected = ref_matching_dataset(y_true, y_pred, thresh=thresh, criterion=criterion, by_image=by_image)
        result = sb.matching_dataset(y_true, y_pred, thresh=thresh, criterion=criterion, by_image=by_image)
        assert_same_stats(result, expected)
        assert "by_image" in expected._fields
    expected = ref_matching_dataset(y_true, y_pred, thresh=list(THRESHOLDS), criterion=criterion,
                                    by_image=by_image)
    result = sb.matching_dataset(y_true, y_pred, thresh=list(THRESHOLDS), criterion=criterion, by_image=by_image)
    assert isinstance(result, (list, tuple)) and len(result) == len(expected)
    for r, e in zip(result, expected):
        assert_same_stats(r, e)


@needs_stardist
def test_matching_dataset_default_arguments_and_tuples():
    y_true, y_pred = dataset("2d")
    expected = ref_matching_dataset(y_true, y_pred)
    assert_same_stats(sb.matching_dataset(y_true, y_pred), expected)
    assert_same_stats(sb.matching_dataset(tuple(y_true), tuple(y_pred)), expected)


@needs_stardist
def test_matching_dataset_of_one_image_is_matching():
    y_true, y_pred = pair("real_2d_perturbed")
    single = ref_matching(y_true, y_pred, thresh=0.5)
    result = sb.matching_dataset([y_true], [y_pred], thresh=0.5)
    for field in STAT_FIELDS:
        if field in COUNT_FIELDS:
            assert getattr(result, field) == getattr(single, field)
        elif field not in ("criterion", "thresh"):
            assert math.isclose(getattr(result, field), getattr(single, field), rel_tol=1e-6)


# --------------------------------------------------------------------------
# Hand-checked cases (no StarDist needed)
# --------------------------------------------------------------------------

def assert_stats(result, **want):
    for field, value in want.items():
        got = getattr(result, field)
        if field in COUNT_FIELDS:
            assert got == value, f"{field}: {got} != {value}"
        elif field in ("criterion",):
            assert got == value
        else:
            assert math.isclose(got, value, rel_tol=1e-6, abs_tol=1e-12), f"{field}: {got!r} != {value!r}"


def row(*segments, length=40):
    """A 1 x length label image from (start, stop, label) segments."""
    out = np.zeros((1, length), np.int32)
    for start, stop, label in segments:
        out[0, start:stop] = label
    return out


def test_identical_images_are_perfect():
    y = np.zeros((10, 12), np.uint16)
    y[1:4, 1:4] = 2
    y[6:9, 2:5] = 5
    y[2:8, 8:11] = 9
    for criterion in CRITERIA:
        for thresh in (0.1, 0.5, 1.0):
            r = sb.matching(y, y.copy(), thresh=thresh, criterion=criterion, report_matches=True)
            assert_stats(r, criterion=criterion, thresh=thresh, tp=3, fp=0, fn=0, precision=1, recall=1,
                         accuracy=1, f1=1, n_true=3, n_pred=3, mean_true_score=1, mean_matched_score=1,
                         panoptic_quality=1)
            assert [tuple(map(int, p)) for p in r.matched_pairs] == [(2, 2), (5, 5), (9, 9)]
            assert list(r.matched_tps) == [0, 1, 2]
            np.testing.assert_allclose(r.matched_scores, 1.0, rtol=0)
    relabelled = np.choose(np.searchsorted([0, 2, 5, 9], y), [0, 40, 7, 1])
    r = sb.matching(y, relabelled.astype(np.int32), report_matches=True)
    assert_stats(r, tp=3, f1=1, panoptic_quality=1)
    assert [tuple(map(int, p)) for p in r.matched_pairs] == [(2, 40), (5, 7), (9, 1)]


def test_disjoint_images():
    y_true = row((0, 5, 1), (10, 15, 2))
    y_pred = row((20, 25, 1), (30, 32, 7), (34, 40, 8))
    r = sb.matching(y_true, y_pred, thresh=0.1, report_matches=True)
    assert_stats(r, tp=0, fp=3, fn=2, precision=0, recall=0, accuracy=0, f1=0, n_true=2, n_pred=3,
                 mean_true_score=0, mean_matched_score=0, panoptic_quality=0)
    assert len(r.matched_pairs) == 2 and list(r.matched_tps) == []
    np.testing.assert_array_equal(r.matched_scores, 0.0)


@pytest.mark.parametrize("which", ["true", "pred", "both"])
def test_empty_images(which):
    y = row((0, 5, 3), (10, 15, 4))
    zero = np.zeros_like(y)
    y_true = zero if which in ("true", "both") else y
    y_pred = zero if which in ("pred", "both") else y
    r = sb.matching(y_true, y_pred, report_matches=True)
    n_true, n_pred = int(y_true.max() > 0) * 2, int(y_pred.max() > 0) * 2
    assert_stats(r, tp=0, fp=n_pred, fn=n_true, n_true=n_true, n_pred=n_pred, precision=0, recall=0,
                 accuracy=0, f1=0, mean_true_score=0, mean_matched_score=0, panoptic_quality=0)
    assert tuple(r.matched_pairs) == () and tuple(r.matched_scores) == () and tuple(r.matched_tps) == ()


def test_stardist_docstring_example():
    """A 10x10 square and the same shifted by 5 rows: IoU 50/150."""
    y_true = np.zeros((100, 100), np.uint16)
    y_true[10:20, 10:20] = 1
    y_pred = np.roll(y_true, 5, axis=0)
    assert_stats(sb.matching(y_true, y_pred), criterion="iou", thresh=0.5, fp=1, tp=0, fn=1, precision=0,
                 recall=0, accuracy=0, f1=0, n_true=1, n_pred=1, mean_true_score=0, mean_matched_score=0,
                 panoptic_quality=0)
    assert_stats(sb.matching(y_true, y_pred, thresh=0.3), tp=1, fp=0, fn=0, precision=1, recall=1, accuracy=1,
                 f1=1, mean_true_score=1 / 3, mean_matched_score=1 / 3, panoptic_quality=1 / 3)


def test_assignment_is_optimal_not_greedy():
    """true A=[0,10) B=[20,23); pred Y=[0,2) X=[4,22).
    IoU(A,X)=6/22, IoU(A,Y)=2/10, IoU(B,X)=2/19, IoU(B,Y)=0.
    At 0.1 the best-first choice A-X leaves B unmatched; the optimum is A-Y, B-X."""
    y_true = row((0, 10, 1), (20, 23, 2))
    y_pred = row((0, 2, 4), (4, 22, 3))
    r = sb.matching(y_true, y_pred, thresh=0.1, report_matches=True)
    s = 2 / 10 + 2 / 19
    assert_stats(r, tp=2, fp=0, fn=0, precision=1, recall=1, accuracy=1, f1=1, mean_matched_score=s / 2,
                 mean_true_score=s / 2, panoptic_quality=s / 2)
    assert [tuple(map(int, p)) for p in r.matched_pairs] == [(1, 4), (2, 3)]
    np.testing.assert_allclose(r.matched_scores, [2 / 10, 2 / 19], rtol=1e-6)
    assert list(r.matched_tps) == [0, 1]
    # at 0.25 only A-X qualifies; the assignment takes it
    r = sb.matching(y_true, y_pred, thresh=0.25, report_matches=True)
    assert_stats(r, tp=1, fp=1, fn=1, precision=0.5, recall=0.5, accuracy=1 / 3, f1=0.5,
                 mean_matched_score=6 / 22, mean_true_score=3 / 22, panoptic_quality=3 / 22)
    assert [tuple(map(int, p)) for p in r.matched_pairs] == [(1, 3), (2, 4)]
    assert list(r.matched_tps) == [0]
    assert_stats(sb.matching(y_true, y_pred, thresh=0.5), tp=0, fp=2, fn=2)
    if _stardist is not None:
        check_matching(y_true, y_pred, [0.1, 0.25, 0.5], "iou")


def test_criteria():
    """A=[0,10) true, P=[0,4) pred: IoU 0.4, IoT 0.4, IoP 1."""
    y_true, y_pred = row((0, 10, 1)), row((0, 4, 2))
    for criterion, score in [("iou", 0.4), ("iot", 0.4), ("iop", 1.0)]:
        r = sb.matching(y_true, y_pred, thresh=0.5, criterion=criterion, report_matches=True)
        np.testing.assert_allclose(r.matched_scores, [score], rtol=1e-6)
        tp = int(score >= 0.5)
        assert_stats(r, criterion=criterion, tp=tp, fp=1 - tp, fn=1 - tp, mean_matched_score=score * tp,
                     panoptic_quality=score * tp)
    # IoT: one big prediction covering two true objects matches one of them fully
    y_true, y_pred = row((0, 5, 1), (5, 10, 2)), row((0, 10, 1))
    r = sb.matching(y_true, y_pred, thresh=0.9, criterion="iot", report_matches=True)
    assert_stats(r, tp=1, fp=0, fn=1, n_true=2, n_pred=1, mean_matched_score=1.0, mean_true_score=0.5)


@pytest.mark.parametrize("thresh, size", [(0.5, 5), (0.7, 7), (0.1, 1), (0.3, 3), (0.9, 9)])
def test_score_equal_to_threshold_matches(thresh, size):
    """IoU exactly equal to the threshold counts (score >= thresh)."""
    y_true, y_pred = row((0, 10, 1)), row((0, size, 1))
    r = sb.matching(y_true, y_pred, thresh=thresh)
    assert_stats(r, tp=1, fp=0, fn=0, mean_matched_score=thresh)
    assert_stats(sb.matching(y_true, y_pred, thresh=thresh + 1e-6), tp=0)


def test_3d_hand_checked():
    y_true = np.zeros((4, 5, 6), np.int32)
    y_true[0:2, 0:2, 0:2] = 1                       # 8 voxels
    y_true[2:4, 2:5, 3:6] = 2                       # 18 voxels
    y_pred = np.zeros_like(y_true)
    y_pred[0:2, 0:2, 0:1] = 6                       # 4 voxels inside object 1: IoU 0.5
    y_pred[3:4, 2:5, 3:6] = 7                       # 9 voxels inside object 2: IoU 0.5
    y_pred[0, 4, 5] = 8                             # spurious
    r = sb.matching(y_true, y_pred, thresh=0.5, report_matches=True)
    assert_stats(r, tp=2, fp=1, fn=0, n_true=2, n_pred=3, precision=2 / 3, recall=1, accuracy=2 / 3, f1=0.8,
                 mean_matched_score=0.5, mean_true_score=0.5, panoptic_quality=1 / 2.5)
    assert [tuple(map(int, p)) for p in r.matched_pairs] == [(1, 6), (2, 7)]


def test_thresh_sequence_returns_one_result_per_threshold():
    y_true, y_pred = row((0, 10, 1)), row((0, 4, 2))
    results = sb.matching(y_true, y_pred, thresh=[0.3, 0.5])
    assert isinstance(results, (list, tuple)) and len(results) == 2
    assert_stats(results[0], thresh=0.3, tp=1)
    assert_stats(results[1], thresh=0.5, tp=0)
    results = sb.matching(y_true, y_pred, thresh=(0.3,))
    assert isinstance(results, (list, tuple)) and len(results) == 1


def test_matching_dataset_hand_checked():
    """Image 1: identical, 3 objects. Image 2: 2 true objects, 1 disjoint prediction."""
    a = row((0, 5, 1), (10, 15, 2), (20, 25, 3))
    b_true, b_pred = row((0, 5, 1), (10, 15, 2)), row((30, 35, 9))
    r = sb.matching_dataset([a, b_true], [a, b_pred], thresh=0.5)
    assert_stats(r, criterion="iou", thresh=0.5, tp=3, fp=1, fn=2, n_true=5, n_pred=4, precision=3 / 4,
                 recall=3 / 5, accuracy=3 / 6, f1=6 / 9, mean_matched_score=1.0, mean_true_score=3 / 5,
                 panoptic_quality=3 / 4.5)
    assert bool(r.by_image) is False
    r = sb.matching_dataset([a, b_true], [a, b_pred], thresh=0.5, by_image=True)
    assert_stats(r, tp=3, fp=1, fn=2, n_true=5, n_pred=4, precision=0.5, recall=0.5, accuracy=0.5, f1=0.5,
                 mean_matched_score=0.5, mean_true_score=0.5, panoptic_quality=0.5)
    assert bool(r.by_image) is True
    rs = sb.matching_dataset([a, b_true], [a, b_pred], thresh=[0.5, 1.0])
    assert isinstance(rs, (list, tuple)) and len(rs) == 2
    assert_stats(rs[1], thresh=1.0, tp=3)


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

def test_shape_mismatch_raises():
    y = row((0, 5, 1))
    with pytest.raises(ValueError):
        sb.matching(y, y[:, :-1])
    with pytest.raises(ValueError):
        sb.matching(y, y.T)
    with pytest.raises(ValueError):
        sb.matching_dataset([y, y], [y, y[:, 1:]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_labels_raise(dtype):
    y = row((0, 5, 1))
    with pytest.raises((ValueError, TypeError)):
        sb.matching(y.astype(dtype), y)
    with pytest.raises((ValueError, TypeError)):
        sb.matching(y, y.astype(dtype))


@pytest.mark.parametrize("criterion", ["dice", "IOU", "", None])
def test_unknown_criterion_raises(criterion):
    y = row((0, 5, 1))
    with pytest.raises(ValueError):
        sb.matching(y, y, criterion=criterion)
    with pytest.raises(ValueError):
        sb.matching_dataset([y], [y], criterion=criterion)


def test_negative_labels_raise():
    y = row((0, 5, 1))
    with pytest.raises(ValueError):
        sb.matching(y, -y)


def test_dataset_length_mismatch_raises():
    y = row((0, 5, 1))
    with pytest.raises(ValueError):
        sb.matching_dataset([y, y], [y])

"""Histogram and thresholding (global and local) against scikit-image.

swiftbio's ``exposure.histogram`` and ``filters.threshold_*`` follow
scikit-image's names, signatures and results. Every comparison computes the
scikit-image reference on the very same array.

Run the whole suite against scikit-image itself (to check the tests, not the
library) with::

    SWIFTBIO_TEST_REFERENCE=1 python -m pytest -q python/tests/test_thresholds.py

Where scikit-image raises for a given input (constant images for
``threshold_minimum`` / ``threshold_multiotsu`` / float ``threshold_isodata``,
...), swiftbio must raise ``ValueError`` (scikit-image's own exception type is
expected when REFERENCE is set). Tests of swiftbio-only input validation are
skipped when REFERENCE is set.
"""
import os

REFERENCE = os.environ.get("SWIFTBIO_TEST_REFERENCE") == "1"   # run the suite against scikit-image itself
if REFERENCE:
    import skimage.filters as sb_filters, skimage.exposure as sb_exposure
else:
    from swiftbio import filters as sb_filters, exposure as sb_exposure

import warnings
import zlib

import numpy as np
import pytest
import skimage.exposure as ski_exposure
import skimage.filters as ski_filters
import tifffile

import swiftbio.data

swiftbio_only = pytest.mark.skipif(REFERENCE, reason="swiftbio-specific input validation")

# The error swiftbio raises where scikit-image raises (whatever scikit-image's type).
SWIFTBIO_ERROR = ValueError

# ----------------------------------------------------------------------------
# Test images
# ----------------------------------------------------------------------------

DTYPES = ["uint8", "uint16", "int32", "float32", "float64"]
INT_DTYPES = ["uint8", "uint16", "int32"]
DISTRIBUTIONS = ["bimodal", "uniform", "exponential", "few_values"]
SHAPES = {2: (64, 67), 3: (9, 21, 23)}   # 3D: last axis is not 3 or 4 (no "RGB-like" warnings)

# Value range of the random images.
#   "dtype":  the dtype's range (floats: [0, 1]; int32: +-40000, i.e. 80001 histogram bins)
#   "narrow": at most 256 integer levels (uint16 in [1000, 1200], int32 in [-100, 100]);
#             floats: [-300, 900], i.e. negative values and a magnitude well above 1
RANGES = {
    "dtype": {"uint8": (0, 255), "uint16": (0, 65535), "int32": (-40000, 40000),
              "float32": (0.0, 1.0), "float64": (0.0, 1.0)},
    "narrow": {"uint8": (0, 255), "uint16": (1000, 1200), "int32": (-100, 100),
               "float32": (-300.0, 900.0), "float64": (-300.0, 900.0)},
}


def seed_of(*parts):
    """A fixed seed derived from the test case's description."""
    return zlib.crc32("-".join(map(str, parts)).encode())


def make_image(dtype, dist, ndim=2, span="dtype", shape=None):
    """Random image of `dtype` with the given value distribution."""
    shape = shape or SHAPES[ndim]
    rng = np.random.default_rng(seed_of(dtype, dist, ndim, span, shape))
    n = int(np.prod(shape))
    if dist == "bimodal":       # mixture of two Gaussians, a few percent clipped at the top
        first = rng.random(n) < 0.6
        u = np.where(first, rng.normal(0.27, 0.09, n), rng.normal(0.78, 0.12, n))
    elif dist == "uniform":
        u = rng.random(n)
    elif dist == "exponential":  # skewed, long right tail
        u = rng.exponential(0.12, n)
    elif dist == "few_values":   # five distinct values, unequal frequencies
        u = rng.choice([0.05, 0.3, 0.5, 0.62, 0.95], size=n, p=[0.4, 0.25, 0.15, 0.12, 0.08])
    else:
        raise AssertionError(dist)
    u = np.clip(u, 0.0, 1.0)
    lo, hi = RANGES[span][dtype]
    values = lo + u * (hi - lo)
    if np.dtype(dtype).kind in "iu":
        values = np.round(values)
    return values.reshape(shape).astype(dtype)


def real_image(name, as_dtype="uint16"):
    image = tifffile.imread(swiftbio.data.path(name))
    if as_dtype == "uint16":
        return image
    return (image / image.max()).astype(as_dtype)   # scaled to [0, 1]


# ----------------------------------------------------------------------------
# Comparison helpers
# ----------------------------------------------------------------------------

def reference_outcome(call):
    """(value, None) or (None, exception type) of a scikit-image call."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # RuntimeWarnings of 0/0 on degenerate histograms etc.
        try:
            return call(), None
        except Exception as exc:   # noqa: BLE001 -- any error is part of the reference behaviour
            return None, type(exc)


def value_span(image):
    if image is None:
        return 1.0
    image = np.asarray(image, dtype=np.float64)
    return max(1.0, float(np.ptp(image)) if image.size else 1.0)


def assert_threshold_equal(ours, ref, exact, span=1.0):
    """Scalars or arrays of thresholds: identical (integer bins) or 1e-6 relative.

    The tiny absolute term (1e-7 of the image's value range, far below a
    histogram bin width) only matters for thresholds that happen to be ~0.
    """
    ours = np.asarray(ours)
    ref = np.asarray(ref)
    assert ours.shape == ref.shape, (ours, ref)
    if exact:
        np.testing.assert_array_equal(ours, ref)
    else:
        np.testing.assert_allclose(ours.astype(np.float64), ref.astype(np.float64),
                                   rtol=1e-6, atol=1e-7 * span)


def check_same_outcome(ours_call, ref_call, exact, span=1.0):
    """Same value as scikit-image, or an error where scikit-image raises."""
    ref, ref_error = reference_outcome(ref_call)
    if ref_error is not None:
        with pytest.raises(ref_error if REFERENCE else SWIFTBIO_ERROR):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ours_call()
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ours = ours_call()
    assert_threshold_equal(ours, ref, exact, span)
    return ref


# name -> (callable(module, image, **kw), exact for integer images)
# "exact": the result is a histogram bin (bin centre), so for integer images it
# must be the same integer; Li and mean are real-valued for any input.
GLOBAL = {
    "otsu": (lambda m, a, **kw: m.threshold_otsu(a, **kw), True),
    "yen": (lambda m, a, **kw: m.threshold_yen(a, **kw), True),
    "isodata": (lambda m, a, **kw: m.threshold_isodata(a, **kw), True),
    "isodata_all": (lambda m, a, **kw: m.threshold_isodata(a, return_all=True, **kw), True),
    "li": (lambda m, a, **kw: m.threshold_li(a, **kw), False),
    "mean": (lambda m, a, **kw: m.threshold_mean(a, **kw), False),
    "triangle": (lambda m, a, **kw: m.threshold_triangle(a, **kw), True),
    "minimum": (lambda m, a, **kw: m.threshold_minimum(a, **kw), True),
    "multiotsu2": (lambda m, a, **kw: m.threshold_multiotsu(a, classes=2, **kw), True),
    "multiotsu3": (lambda m, a, **kw: m.threshold_multiotsu(a, classes=3, **kw), True),
    "multiotsu4": (lambda m, a, **kw: m.threshold_multiotsu(a, classes=4, **kw), True),
}
NBINS_FUNCS = ["otsu", "yen", "isodata", "triangle", "minimum", "multiotsu3"]
HIST_FUNCS = ["otsu", "yen", "isodata", "isodata_all", "minimum", "multiotsu2", "multiotsu3"]
# Cheap enough on an 80001-bin histogram (minimum smooths the histogram up to
# 10000 times and multiotsu is O(bins**(classes-1))).
WIDE_HIST_FUNCS = ["otsu", "yen", "isodata", "isodata_all", "li", "mean", "triangle"]


def compare_global(name, image, **kw):
    func, exact_for_int = GLOBAL[name]
    exact = exact_for_int and image.dtype.kind in "iu"
    before = image.copy()
    ref = check_same_outcome(lambda: func(sb_filters, image, **kw),
                             lambda: func(ski_filters, image, **kw), exact, value_span(image))
    np.testing.assert_array_equal(image, before)   # input untouched
    return ref


def global_cases():
    cases = []
    for name in GLOBAL:
        for dtype in DTYPES:
            for span in ("dtype", "narrow"):
                if span == "dtype" and dtype in ("uint16", "int32") and name not in WIDE_HIST_FUNCS:
                    continue
                if span == "narrow" and dtype == "uint8":
                    continue   # same as "dtype"
                for dist in DISTRIBUTIONS:
                    for ndim in (2, 3):
                        cases.append(pytest.param(name, dtype, span, dist, ndim,
                                                  id=f"{name}-{dtype}-{span}-{dist}-{ndim}d"))
    return cases


# ----------------------------------------------------------------------------
# exposure.histogram
# ----------------------------------------------------------------------------

def assert_histogram_equal(ours, ref):
    hist, centers = ours
    ref_hist, ref_centers = ref
    hist, centers = np.asarray(hist), np.asarray(centers)
    assert hist.shape == ref_hist.shape and centers.shape == ref_centers.shape
    np.testing.assert_array_equal(hist, ref_hist)
    scale = max(1.0, float(np.abs(ref_centers.astype(np.float64)).max()))
    np.testing.assert_allclose(centers.astype(np.float64), ref_centers.astype(np.float64),
                               rtol=1e-12, atol=1e-12 * scale)


@pytest.mark.parametrize("ndim", [2, 3], ids=lambda n: f"{n}d")
@pytest.mark.parametrize("dist", DISTRIBUTIONS)
@pytest.mark.parametrize("span", ["dtype", "narrow"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_histogram_matches_skimage(dtype, span, dist, ndim):
    image = make_image(dtype, dist, ndim, span)
    for normalize in (False, True):
        assert_histogram_equal(sb_exposure.histogram(image, normalize=normalize),
                               ski_exposure.histogram(image, normalize=normalize))


@pytest.mark.parametrize("nbins", [1, 2, 10, 255, 256, 1000])
@pytest.mark.parametrize("dtype", DTYPES)
def test_histogram_nbins(dtype, nbins):
    """nbins bins over [min, max] for floats; ignored for integers (one bin per value)."""
    image = make_image(dtype, "bimodal", 2, "narrow")
    assert_histogram_equal(sb_exposure.histogram(image, nbins),
                           ski_exposure.histogram(image, nbins))
    assert_histogram_equal(sb_exposure.histogram(image, nbins=nbins),
                           ski_exposure.histogram(image, nbins=nbins))


HIST_DTYPE_RANGE_IMAGES = {
    "uint8": make_image("uint8", "bimodal", 2),
    "uint8_narrow_values": (make_image("uint8", "bimodal", 2) // 4 + 50).astype(np.uint8),
    "uint16": make_image("uint16", "bimodal", 2),
    "uint16_narrow_values": make_image("uint16", "bimodal", 3, "narrow"),
    "int8_negative": np.random.default_rng(5).integers(-100, 90, (20, 30)).astype(np.int8),
    "int16_negative": np.random.default_rng(6).integers(-3000, 2000, (20, 30)).astype(np.int16),
    "float32_unit": make_image("float32", "bimodal", 2),
    "float64_unit": make_image("float64", "exponential", 3),
    "float64_beyond_unit": make_image("float64", "bimodal", 2, "narrow") / 400.0,  # values outside [-1, 1] drop out
}


@pytest.mark.parametrize("image_id", sorted(HIST_DTYPE_RANGE_IMAGES))
def test_histogram_source_range_dtype(image_id):
    image = HIST_DTYPE_RANGE_IMAGES[image_id]
    for nbins in (256, 37):
        for normalize in (False, True):
            assert_histogram_equal(
                sb_exposure.histogram(image, nbins, source_range="dtype", normalize=normalize),
                ski_exposure.histogram(image, nbins, source_range="dtype", normalize=normalize))


HIST_EDGE_IMAGES = {
    "constant_uint8": np.full((4, 5), 7, np.uint8),
    "constant_uint16_zero": np.zeros((4, 5), np.uint16),
    "constant_float32": np.full((4, 5), 0.3, np.float32),
    "constant_float64_negative": np.full((4, 5), -2.5),
    "single_pixel_uint8": np.array([[200]], np.uint8),
    "single_pixel_float64": np.array([[0.75]]),
    "two_values_int32": np.array([[-5, 7], [7, 7]], np.int32),
    "two_values_float32": np.array([[1.0, 3.0], [3.0, 3.0]], np.float32),
    "max_on_bin_edges_float64": np.linspace(0.0, 1.0, 257).reshape(1, 257),
    "tiny_range_float64": 1e6 + np.arange(12.0).reshape(3, 4) * 1e-9,
    "huge_range_float64": np.array([[-1e300, 0.0], [1.0, 1e300]]),
    "one_dimensional_uint8": np.arange(0, 250, 3, dtype=np.uint8),
}


@pytest.mark.parametrize("image_id", sorted(HIST_EDGE_IMAGES))
def test_histogram_edge_cases(image_id):
    image = HIST_EDGE_IMAGES[image_id]
    """Same histogram as scikit-image, or ValueError where it raises (numpy
    refuses bins narrower than the float spacing: "Too many bins for data range")."""
    for nbins in (256, 3):
        for normalize in (False, True):
            ref, ref_error = reference_outcome(
                lambda: ski_exposure.histogram(image, nbins, normalize=normalize))
            if ref_error is not None:
                with pytest.raises(ref_error if REFERENCE else SWIFTBIO_ERROR):
                    sb_exposure.histogram(image, nbins, normalize=normalize)
            else:
                assert_histogram_equal(sb_exposure.histogram(image, nbins, normalize=normalize), ref)


@pytest.mark.parametrize("name", ["img2d.tif", "img3d.tif"])
def test_histogram_real_images(name):
    for as_dtype in ("uint16", "float32", "float64"):
        image = real_image(name, as_dtype)
        for source_range in ("image", "dtype"):
            assert_histogram_equal(sb_exposure.histogram(image, source_range=source_range),
                                   ski_exposure.histogram(image, source_range=source_range))


@pytest.mark.parametrize("dtype", DTYPES)
def test_histogram_output_dtypes(dtype):
    """int64 counts (float64 when normalized); int64 centres for integer
    images, centres of the image's float dtype (float32 stays float32)."""
    image = make_image(dtype, "bimodal", 2, "narrow")
    for normalize in (False, True):
        hist, centers = sb_exposure.histogram(image, normalize=normalize)
        ref_hist, ref_centers = ski_exposure.histogram(image, normalize=normalize)
        assert np.asarray(hist).dtype == ref_hist.dtype
        assert np.asarray(centers).dtype == ref_centers.dtype


def test_histogram_bad_source_range():
    with pytest.raises(ValueError):
        sb_exposure.histogram(make_image("uint8", "uniform"), source_range="foo")
    with pytest.raises(ValueError):
        sb_exposure.histogram(make_image("float64", "uniform"), source_range="foo")


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
def test_histogram_non_finite_float_raises(value):
    image = make_image("float64", "uniform", 2)
    image[3, 4] = value
    with pytest.raises(ValueError):
        sb_exposure.histogram(image)


# ----------------------------------------------------------------------------
# Global thresholds on random images
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, dtype, span, dist, ndim", global_cases())
def test_global_threshold_matches_skimage(name, dtype, span, dist, ndim):
    compare_global(name, make_image(dtype, dist, ndim, span))


@pytest.mark.parametrize("nbins", [2, 16, 100, 1000])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", NBINS_FUNCS)
def test_global_threshold_nbins(name, dtype, nbins):
    """nbins is used for float images and ignored for integer images."""
    if name.startswith("multiotsu") and nbins == 1000:
        nbins = 300
    compare_global(name, make_image(dtype, "bimodal", 2, "narrow"), nbins=nbins)


@pytest.mark.parametrize("name", sorted(GLOBAL))
@pytest.mark.parametrize("image_name", ["img2d.tif", "img3d.tif"])
@pytest.mark.parametrize("as_dtype", ["uint16", "float32", "float64"])
def test_global_threshold_real_images(name, image_name, as_dtype):
    compare_global(name, real_image(image_name, as_dtype))


# ----------------------------------------------------------------------------
# Degenerate images
# ----------------------------------------------------------------------------

def _degenerate_images():
    images = {}
    for dtype in DTYPES:
        value = {"uint8": 7, "uint16": 1000, "int32": -12, "float32": 0.3, "float64": -2.5}[dtype]
        images[f"constant_{dtype}_2d"] = np.full((6, 7), value, dtype)
        images[f"constant_{dtype}_3d"] = np.full((3, 5, 6), value, dtype)
        images[f"single_pixel_{dtype}"] = np.full((1, 1), value, dtype)
        # (uint16 up to 4000 only: multiotsu's lookup table is O(bins**2) in memory)
        low, high = {"uint8": (10, 200), "uint16": (3, 4000), "int32": (-5, 7),
                     "float32": (1.0, 3.0), "float64": (-0.5, 0.25)}[dtype]
        two = np.where(np.arange(42).reshape(6, 7) % 3 == 0, high, low).astype(dtype)
        images[f"two_values_{dtype}"] = two
        images[f"two_values_equal_counts_{dtype}"] = np.array([[low, high], [high, low]], dtype)
        images[f"two_pixels_{dtype}"] = np.array([[low, high]], dtype)
        three = two.copy()
        three[0, 1] = (np.float64(low) + np.float64(high)) / 2 if dtype.startswith("float") else (low + high) // 2
        images[f"three_values_{dtype}"] = three
    images["constant_uint8_zero"] = np.zeros((5, 5), np.uint8)
    images["constant_float64_zero"] = np.zeros((5, 5))
    images["constant_uint16_max"] = np.full((5, 5), 65535, np.uint16)
    images["adjacent_values_uint8"] = np.array([[100, 101], [101, 101]], np.uint8)
    images["one_outlier_float64"] = np.r_[np.zeros(99), 1.0].reshape(10, 10)
    return images


DEGENERATE = _degenerate_images()


@pytest.mark.parametrize("name", sorted(GLOBAL))
@pytest.mark.parametrize("image_id", sorted(DEGENERATE))
def test_global_threshold_degenerate_images(name, image_id):
    """Constant, single-pixel, two- and three-valued images: the same value as
    scikit-image, or ValueError where scikit-image raises."""
    compare_global(name, DEGENERATE[image_id])


@pytest.mark.parametrize("dtype", DTYPES)
def test_constant_image_returns_the_value(dtype):
    """otsu, li and triangle return the pixel value itself (in the image's dtype)."""
    image = DEGENERATE[f"constant_{dtype}_2d"]
    for func in (sb_filters.threshold_otsu, sb_filters.threshold_li, sb_filters.threshold_triangle):
        result = func(image)
        assert result == image.flat[0]
        assert np.asarray(result).dtype == image.dtype


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_constant_float_image_quirks(dtype):
    """scikit-image's float histogram of a constant image has 256 bins over
    [v - 0.5, v + 0.5] with only the middle one filled: Yen then returns the
    lowest bin centre (v - 0.5 + 1/512), isodata raises (IndexError in
    scikit-image, ValueError in swiftbio), minimum and multiotsu raise."""
    image = DEGENERATE[f"constant_{dtype}_2d"]
    value = np.float64(image.flat[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yen = sb_filters.threshold_yen(image)
    np.testing.assert_allclose(np.float64(yen), value - 0.5 + 1 / 512, rtol=1e-6)
    with pytest.raises(IndexError if REFERENCE else SWIFTBIO_ERROR):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            sb_filters.threshold_isodata(image)
    with pytest.raises(RuntimeError if REFERENCE else SWIFTBIO_ERROR):
        sb_filters.threshold_minimum(image)
    with pytest.raises(ValueError):
        sb_filters.threshold_multiotsu(image)


def test_multiotsu_too_few_values_raises():
    image = np.array([[10, 10, 200], [200, 100, 10]], np.uint8)   # three values
    np.testing.assert_array_equal(sb_filters.threshold_multiotsu(image, classes=3), [10, 100])
    with pytest.raises(ValueError):
        sb_filters.threshold_multiotsu(image, classes=4)


def test_multiotsu_as_many_values_as_classes():
    """With exactly `classes` distinct values the thresholds are the lowest
    classes - 1 of them (no optimisation)."""
    image = np.array([[3, 3, 9, 9, 9, 40, 41, 41]], np.uint8)
    np.testing.assert_array_equal(sb_filters.threshold_multiotsu(image, classes=4), [3, 9, 40])
    np.testing.assert_array_equal(sb_filters.threshold_multiotsu(image, classes=4),
                                  ski_filters.threshold_multiotsu(image, classes=4))


# ----------------------------------------------------------------------------
# Return types
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(GLOBAL))
def test_result_type_matches_skimage(name, dtype):
    """Numpy scalar (or array) of the same dtype as scikit-image returns, e.g.
    int64 bin centres for integer images, float32 for float32 images,
    float64 from Li/mean on integer images, the image's dtype for constant
    images in otsu/li/triangle."""
    func, _ = GLOBAL[name]
    images = [make_image(dtype, "bimodal", 2, "narrow"), DEGENERATE[f"constant_{dtype}_2d"]]
    for image in images:
        ref, ref_error = reference_outcome(lambda: func(ski_filters, image))
        if ref_error is not None:
            continue   # covered by test_global_threshold_degenerate_images
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ours = func(sb_filters, image)
        assert isinstance(ours, np.ndarray) == isinstance(ref, np.ndarray)
        assert isinstance(ours, np.generic) == isinstance(ref, np.generic), type(ours)
        assert np.asarray(ours).dtype == np.asarray(ref).dtype


# ----------------------------------------------------------------------------
# hist= keyword
# ----------------------------------------------------------------------------

def _hist_inputs():
    u8 = make_image("uint8", "bimodal", 2)
    f64 = make_image("float64", "bimodal", 2, "narrow")
    counts_u8, centers_u8 = ski_exposure.histogram(u8)
    counts_f64, centers_f64 = ski_exposure.histogram(f64)
    padded_counts, padded_centers = ski_exposure.histogram(
        make_image("uint8", "bimodal", 2, shape=(40, 40)) // 2 + 40, source_range="dtype")
    assert padded_counts[0] == 0 and padded_counts[-1] == 0
    ramp = np.r_[np.zeros(5), np.arange(1.0, 30.0), np.arange(30.0, 0, -1.0) * 0.4,
                 np.arange(1.0, 20.0) * 0.7, np.zeros(3)]
    return {
        "tuple_uint8": (counts_u8, centers_u8),
        "list_uint8": [counts_u8, centers_u8],
        "tuple_float64": (counts_f64, centers_f64),
        "tuple_float_counts": (counts_u8.astype(np.float64), centers_u8),
        "tuple_normalized": (counts_f64 / counts_f64.sum(), centers_f64),
        "counts_only_uint8": counts_u8,          # bin centres become 0..n-1
        "counts_only_float64": counts_f64,
        "tuple_zero_padded": (padded_counts, padded_centers),   # leading/trailing zeros trimmed
        "counts_only_zero_padded": padded_counts,
        "counts_only_handmade_float": ramp,
        "tuple_nonuniform_centers": (counts_u8[:50], np.cumsum(np.linspace(0.5, 2.0, 50))),
        "single_bin": (np.array([0, 0, 12, 0]), np.array([1.0, 2.0, 3.0, 4.0])),
        "two_bins": (np.array([5, 0, 0, 7]), np.array([1, 2, 3, 4])),
    }


HIST_INPUTS = _hist_inputs()


@pytest.mark.parametrize("hist_id", sorted(HIST_INPUTS))
@pytest.mark.parametrize("name", HIST_FUNCS)
def test_hist_keyword(name, hist_id):
    hist = HIST_INPUTS[hist_id]
    func, _ = GLOBAL[name]
    centers = hist[1] if isinstance(hist, (tuple, list)) else np.arange(len(hist))
    exact = np.asarray(centers).dtype.kind in "iu"
    check_same_outcome(lambda: func(sb_filters, None, hist=hist),
                       lambda: func(ski_filters, None, hist=hist), exact)


@pytest.mark.parametrize("name", HIST_FUNCS)
def test_hist_keyword_equals_image_result(name):
    """hist=histogram(image) gives the same threshold as the image itself."""
    func, _ = GLOBAL[name]
    for image in (make_image("uint8", "bimodal", 2), make_image("float32", "bimodal", 3)):
        hist = ski_exposure.histogram(image.ravel())
        from_hist = func(sb_filters, None, hist=hist)
        from_image = func(sb_filters, image)
        assert_threshold_equal(from_hist, from_image, exact=image.dtype.kind in "iu")


@pytest.mark.parametrize("name", HIST_FUNCS)
def test_hist_keyword_takes_precedence_over_image(name):
    func, _ = GLOBAL[name]
    image = make_image("float64", "uniform", 2)
    hist = HIST_INPUTS["tuple_uint8"]
    check_same_outcome(lambda: func(sb_filters, image, hist=hist),
                       lambda: func(ski_filters, image, hist=hist), exact=True)


def test_otsu_constant_image_wins_over_hist():
    """threshold_otsu checks the image for a single value before looking at hist."""
    image = np.full((4, 4), 9, np.uint8)
    assert sb_filters.threshold_otsu(image, hist=HIST_INPUTS["tuple_uint8"]) == 9


def test_hist_keyword_positional_nbins():
    """nbins is the second positional parameter; hist is keyword-only."""
    image = make_image("float64", "bimodal", 2)
    for name in ("threshold_otsu", "threshold_yen", "threshold_isodata", "threshold_minimum"):
        ours = getattr(sb_filters, name)(image, 64)
        ref = getattr(ski_filters, name)(image, 64)
        assert_threshold_equal(ours, ref, exact=False)
    ours = sb_filters.threshold_multiotsu(image, 3, 64)
    assert_threshold_equal(ours, ski_filters.threshold_multiotsu(image, 3, 64), exact=False)
    with pytest.raises(TypeError):
        sb_filters.threshold_otsu(image, 256, HIST_INPUTS["tuple_uint8"])


# ----------------------------------------------------------------------------
# Function-specific options
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_isodata_return_all(dtype):
    for dist in ("bimodal", "few_values", "uniform"):
        image = make_image(dtype, dist, 2, "narrow")
        ref = compare_global("isodata_all", image)
        assert np.ndim(ref) == 1
        first = sb_filters.threshold_isodata(image)
        assert_threshold_equal(first, ref[0], exact=dtype in INT_DTYPES, span=value_span(image))


LI_OPTIONS = {
    "tolerance_small": dict(tolerance=1e-3),
    "tolerance_large": dict(tolerance=5.0),
    "guess_scalar": dict(initial_guess=None),          # filled in per image: 30 % of the range
    "guess_scalar_fraction": dict(initial_guess=None),  # a non-integer guess (truncated for integer images)
    "guess_median": dict(initial_guess=np.median),
    "guess_quantile": dict(initial_guess=lambda arr: np.quantile(arr, 0.95)),
    "guess_constant_callable": dict(initial_guess=lambda arr: 40.0),   # in the shifted (image - min) frame
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("option", sorted(LI_OPTIONS))
def test_li_options(option, dtype):
    for dist in ("bimodal", "exponential"):
        image = make_image(dtype, dist, 2, "narrow")
        kw = dict(LI_OPTIONS[option])
        lo, hi = float(image.min()), float(image.max())
        if option == "guess_scalar":
            kw["initial_guess"] = lo + 0.3 * (hi - lo)
        elif option == "guess_scalar_fraction":
            kw["initial_guess"] = np.floor(lo + 0.6 * (hi - lo)) + 0.7
        compare_global("li", image, **kw)


def test_li_callable_guess_receives_shifted_flat_image():
    """The callable gets the flattened image minus its minimum."""
    received = []
    image = make_image("uint16", "bimodal", 2, "narrow")
    sb_filters.threshold_li(image, initial_guess=lambda arr: received.append(np.array(arr)) or 100.0)
    assert len(received) == 1
    arr = received[0]
    assert arr.ndim == 1 and arr.size == image.size
    np.testing.assert_array_equal(np.sort(arr.astype(np.int64)), np.sort(image.ravel().astype(np.int64) - image.min()))


@pytest.mark.parametrize("guess", [0, 100, 199, 250, -5], ids=lambda g: f"guess{g}")
def test_li_initial_guess_out_of_range_raises(guess):
    """A scalar guess must lie strictly between the image's min and max."""
    image = np.arange(100, 200, dtype=np.uint8).reshape(10, 10)
    with pytest.raises(ValueError):
        ski_filters.threshold_li(image, initial_guess=guess)
    with pytest.raises(ValueError):
        sb_filters.threshold_li(image, initial_guess=guess)


@pytest.mark.parametrize("max_num_iter", [1, 2, 3, 10, 100])
def test_minimum_max_num_iter(max_num_iter):
    """scikit-image raises when the loop reaches its last iteration, even if
    that iteration found exactly two maxima."""
    image = make_image("uint8", "bimodal", 2)
    compare_global("minimum", image, max_num_iter=max_num_iter)


def test_minimum_last_iteration_quirk():
    image = make_image("uint8", "bimodal", 2)
    needed = next(n for n in range(1, 10000)
                  if reference_outcome(lambda: ski_filters.threshold_minimum(image, max_num_iter=n))[1] is None)
    # The smallest max_num_iter that succeeds is one more than the number of
    # smoothing passes actually needed.
    with pytest.raises(RuntimeError if REFERENCE else SWIFTBIO_ERROR):
        sb_filters.threshold_minimum(image, max_num_iter=needed - 1)
    assert sb_filters.threshold_minimum(image, max_num_iter=needed) == ski_filters.threshold_minimum(image)


@pytest.mark.parametrize("shape", [(8, 8, 3), (5, 6, 4)], ids=str)
@pytest.mark.parametrize("name", ["otsu", "multiotsu3"])
def test_rgb_like_shape_warns(name, shape):
    """otsu and multiotsu warn (UserWarning) on images whose last axis has 3 or 4 entries."""
    image = make_image("uint8", "bimodal", shape=shape)
    func, _ = GLOBAL[name]
    with pytest.warns(UserWarning):
        ours = func(sb_filters, image)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = func(ski_filters, image)
    assert_threshold_equal(ours, ref, exact=True)


def test_histogram_rgb_like_shape_warns():
    image = make_image("uint8", "bimodal", shape=(8, 8, 3))
    with pytest.warns(UserWarning):
        ours = sb_exposure.histogram(image)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_histogram_equal(ours, ski_exposure.histogram(image))


# ----------------------------------------------------------------------------
# threshold_local
# ----------------------------------------------------------------------------

LOCAL_METHODS = ["gaussian", "mean", "median"]
LOCAL_MODES = ["reflect", "constant", "nearest", "mirror", "wrap"]
LOCAL_SHAPES = {2: (40, 37), 3: (8, 19, 21)}


def local_image(dtype, ndim, dist="bimodal"):
    return make_image(dtype, dist, ndim, "narrow", shape=LOCAL_SHAPES[ndim])


def compare_local(image, *args, **kw):
    before = image.copy()
    ours = sb_filters.threshold_local(image, *args, **kw)
    ref = ski_filters.threshold_local(image, *args, **kw)
    np.testing.assert_array_equal(image, before)   # input untouched
    ours = np.asarray(ours)
    assert ours.shape == ref.shape == image.shape
    method = kw.get("method", args[1] if len(args) > 1 else "gaussian")
    if method == "median" and image.dtype.kind in "iu":
        np.testing.assert_array_equal(ours.astype(np.float64), ref.astype(np.float64))
    else:
        scale = max(1.0, float(np.abs(image.astype(np.float64)).max()), abs(float(kw.get("offset", 0))),
                    abs(float(kw.get("cval", 0))))
        np.testing.assert_allclose(ours.astype(np.float64), ref.astype(np.float64), rtol=0, atol=1e-5 * scale)
    return ours, ref


@pytest.mark.parametrize("mode", LOCAL_MODES)
@pytest.mark.parametrize("block_size", [3, 5, 15, 51])
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_methods_blocks_modes_2d(method, block_size, mode):
    image = local_image("float64", 2)
    compare_local(image, block_size, method=method, mode=mode)
    if block_size < 51:   # (scipy's 51x51 median is slow)
        compare_local(image, block_size, method, 0.05 * block_size, mode)   # positional offset, mode


@pytest.mark.parametrize("mode", LOCAL_MODES)
@pytest.mark.parametrize("block_size", [3, 5, 9])
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_methods_blocks_modes_3d(method, block_size, mode):
    compare_local(local_image("float64", 3), block_size, method=method, mode=mode, offset=-1.5)


@pytest.mark.parametrize("ndim", [2, 3], ids=lambda n: f"{n}d")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_dtypes(method, dtype, ndim):
    image = local_image(dtype, ndim)
    for block_size, offset in ((5, 0), (7, 3), (15 if ndim == 2 else 9, -2.5)):
        compare_local(image, block_size, method=method, offset=offset)
    compare_local(image, 5, method=method, mode="constant", cval=7)


@pytest.mark.parametrize("dtype", DTYPES)
def test_local_output_dtype(dtype):
    """float32 for float32 input, float64 for everything else."""
    image = local_image(dtype, 2)
    for method in LOCAL_METHODS:
        ours = sb_filters.threshold_local(image, 5, method)
        assert ours.dtype == ski_filters.threshold_local(image, 5, method).dtype


@pytest.mark.parametrize("mode", LOCAL_MODES)
@pytest.mark.parametrize("param", [0.5, 2.0, 6.0, (1.0, 3.0)], ids=lambda p: f"sigma{p}")
def test_local_gaussian_param_2d(param, mode):
    """param is the Gaussian sigma (scalar or per axis); block_size is then irrelevant."""
    image = local_image("float64", 2)
    compare_local(image, 3, method="gaussian", param=param, mode=mode)
    compare_local(image, 11, method="gaussian", param=param, mode=mode, offset=0.5)


@pytest.mark.parametrize("param", [0.8, (0.5, 1.2, 2.0)], ids=lambda p: f"sigma{p}")
@pytest.mark.parametrize("dtype", ["uint16", "float32"])
def test_local_gaussian_param_3d(param, dtype):
    compare_local(local_image(dtype, 3), 5, method="gaussian", param=param)


@pytest.mark.parametrize("cval", [0, 17.5, -400], ids=lambda c: f"cval{c}")
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_constant_mode_cval(method, cval):
    for dtype in ("uint8", "float64"):
        compare_local(local_image(dtype, 2), 7, method=method, mode="constant", cval=cval)


@pytest.mark.parametrize("offset", [-3.5, 0, 0.25, 100], ids=lambda o: f"offset{o}")
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_offsets(method, offset):
    for dtype in ("uint8", "float32"):
        compare_local(local_image(dtype, 2), 9, method=method, offset=offset)


@pytest.mark.parametrize("block_size", [(3, 5, 7), (15, 3, 5), [5, 5, 9]], ids=str)
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_block_size_per_axis(method, block_size):
    compare_local(local_image("float64", 3), block_size, method=method)
    compare_local(local_image("uint16", 3), block_size, method=method, mode="nearest")
    compare_local(local_image("float64", 2), tuple(block_size[:2]), method=method, mode="wrap")


@pytest.mark.parametrize("method", LOCAL_METHODS)
@pytest.mark.parametrize("name", ["img2d.tif", "img3d.tif"])
def test_local_real_images(name, method):
    image = real_image(name)
    if image.ndim == 2:
        image = image[100:228, 200:328]
        block_sizes = (5, 15)
    else:
        image = image[:, 10:40, 15:45]
        block_sizes = (3, 7)
    for block_size in block_sizes:
        compare_local(image, block_size, method=method, offset=2)
        compare_local(image.astype(np.float32) / 400, block_size, method=method, offset=0.01)


LOCAL_SMALL_IMAGES = {
    "single_pixel_float64": np.array([[3.5]]),
    "single_row_uint8": np.arange(0, 200, 9, dtype=np.uint8).reshape(1, -1),
    "single_column_float32": np.linspace(-1, 1, 13, dtype=np.float32).reshape(-1, 1),
    "constant_uint16": np.full((6, 9), 500, np.uint16),
    "tiny_3d_float64": np.arange(8.0).reshape(2, 2, 2),
}


@pytest.mark.parametrize("image_id", sorted(LOCAL_SMALL_IMAGES))
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_small_images(method, image_id):
    image = LOCAL_SMALL_IMAGES[image_id]
    for mode in LOCAL_MODES:
        compare_local(image, 5, method=method, mode=mode, offset=1)


def test_local_invalid_method_raises():
    with pytest.raises(ValueError):
        sb_filters.threshold_local(local_image("float64", 2), 5, method="gausian")


def test_local_block_size_length_mismatch_raises():
    with pytest.raises(ValueError):
        sb_filters.threshold_local(local_image("float64", 2), (3, 5, 7))
    with pytest.raises(ValueError):
        sb_filters.threshold_local(local_image("float64", 3), (3, 5))


def test_local_even_block_size_raises():
    """scikit-image rejects even sizes itself."""
    image = local_image("float64", 2)
    for block_size in (2, 4, 16, (3, 4)):
        with pytest.raises(ValueError):
            sb_filters.threshold_local(image, block_size)


# ----------------------------------------------------------------------------
# Bad input (swiftbio-specific validation)
# ----------------------------------------------------------------------------

@swiftbio_only
@pytest.mark.parametrize("block_size", [1, 0, -1, -3], ids=lambda b: f"block{b}")
@pytest.mark.parametrize("method", LOCAL_METHODS)
def test_local_block_size_below_3_raises(method, block_size):
    with pytest.raises(ValueError):
        sb_filters.threshold_local(local_image("float64", 2), block_size, method=method)


@swiftbio_only
@pytest.mark.parametrize("name", sorted(GLOBAL))
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_global_non_finite_raises(name, value, dtype):
    func, _ = GLOBAL[name]
    image = make_image(dtype, "bimodal", 2)
    image[5, 6] = value
    with pytest.raises(ValueError):
        func(sb_filters, image)
    with pytest.raises(ValueError):   # even when every pixel is non-finite
        func(sb_filters, np.full((3, 3), value, dtype))


@swiftbio_only
@pytest.mark.parametrize("name", sorted(GLOBAL) + ["local", "histogram"])
def test_complex_input_raises_type_error(name):
    image = make_image("float64", "bimodal", 2).astype(np.complex128)
    with pytest.raises(TypeError):
        if name == "local":
            sb_filters.threshold_local(image, 5)
        elif name == "histogram":
            sb_exposure.histogram(image)
        else:
            GLOBAL[name][0](sb_filters, image)


@swiftbio_only
@pytest.mark.parametrize("classes", [1, 0, -2], ids=lambda c: f"classes{c}")
def test_multiotsu_classes_below_2_raises(classes):
    # (scikit-image 0.26 segfaults on classes=1: its Cython kernel indexes an empty array.)
    with pytest.raises(ValueError):
        sb_filters.threshold_multiotsu(make_image("uint8", "bimodal", 2), classes=classes)
    with pytest.raises(ValueError):
        sb_filters.threshold_multiotsu(hist=HIST_INPUTS["tuple_uint8"], classes=classes)


@swiftbio_only
@pytest.mark.parametrize("method", ["generic_typo", "Gaussian", "", "max"])
def test_local_bad_method_name_raises(method):
    with pytest.raises(ValueError):
        sb_filters.threshold_local(local_image("float64", 2), 5, method=method)


@swiftbio_only
@pytest.mark.parametrize("name", HIST_FUNCS)
def test_missing_image_and_hist_raises(name):
    # scikit-image raises a bare Exception here
    with pytest.raises(ValueError):
        GLOBAL[name][0](sb_filters, None)

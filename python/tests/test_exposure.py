"""Intensity rescaling, percentile normalisation and summary statistics.

- ``rescale_intensity`` against :func:`skimage.exposure.rescale_intensity`
  on the very same array: same dtype, same values to the last bit, same
  NaN warning, an error wherever scikit-image raises one.
- ``normalize_percentile`` against CSBDeep's formula written out here, and
  against ``csbdeep.utils.normalize`` itself when it is installed.
- ``describe`` against numpy, and against a pixel-by-pixel transcription
  of ImageJ's 32-bit histogram for the mode of float images.
"""
import math
import warnings

import numpy as np
import pytest
import skimage.exposure as ski_exposure

from swiftbio.exposure import describe, normalize_percentile, rescale_intensity

DTYPES = ["bool", "uint8", "uint16", "int32", "float32", "float64"]
MORE_DTYPES = ["int8", "int16", "int64", "uint32", "uint64", "float16"]
# 2D and 3D, odd sizes, single pixels and single lines; also 1D and 4D (any ndim is accepted).
SHAPES = [(1, 1), (1, 7), (6, 1), (17, 23), (1, 1, 1), (3, 1, 5), (7, 9, 11), (13,), (2, 3, 4, 5)]


def random_image(shape, dtype, seed=0, constant=False):
    """Random values over a good part of `dtype`'s range (negative ones for
    signed types, beyond [-1, 1] for floats)."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        image = rng.random(shape) < 0.4
    elif dtype.kind == "f":
        image = (rng.standard_normal(shape) * 50 + 20).astype(dtype)
    else:
        info = np.iinfo(dtype)
        low, high = max(int(info.min), -(2 ** 40)), min(int(info.max), 2 ** 40)
        image = rng.integers(low, high, size=shape, endpoint=True).astype(dtype)
    if constant:
        image = np.full(shape, image.reshape(-1)[0], dtype=dtype)
    return image


def shape_id(shape):
    return "x".join(map(str, shape))


# ----------------------------------------------------------------------------
# rescale_intensity
# ----------------------------------------------------------------------------

def run_rescale(function, image, in_range, out_range):
    """(result or exception type, whether a UserWarning was given)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(image.copy(), in_range=in_range, out_range=out_range)
        except (ValueError, TypeError) as error:
            result = type(error)
    return result, any(issubclass(w.category, UserWarning) and "NaN" in str(w.message) for w in caught)


def check_rescale(image, in_range="image", out_range="dtype"):
    ours, warned = run_rescale(rescale_intensity, image, in_range, out_range)
    reference, reference_warned = run_rescale(ski_exposure.rescale_intensity, image, in_range, out_range)
    if isinstance(reference, type):
        assert ours in (ValueError, TypeError), f"scikit-image raised {reference.__name__}, swiftbio returned"
        return
    assert not isinstance(ours, type), f"swiftbio raised {ours.__name__}, scikit-image did not"
    assert ours.dtype == reference.dtype
    assert ours.shape == reference.shape
    np.testing.assert_array_equal(ours, reference)
    assert warned == reference_warned


IN_RANGES = {
    "image": "image",
    "dtype": "dtype",
    "inner": None,            # (a quarter, three quarters) of the image's range: clips both ends
    "outer": None,            # wider than the image
    "negative": (-40.5, 7.25),
    "uint8": "uint8",
    "uint12": "uint12",
    "type-uint16": np.uint16,
    "float": "float",
}

OUT_RANGES = {
    "dtype": "dtype",
    "image": "image",
    "unit": (0, 1),
    "pair": (-5, 300.5),
    "reversed": (10, -10),
    "uint8": "uint8",
    "uint10": "uint10",
    "uint14": "uint14",
    "int8": "int8",
    "float32": "float32",
    "type-float32": np.float32,
    "python-float": float,
    "bool": "bool",
}


def concrete_range(name, image, table):
    spec = table[name]
    if spec is None:
        low, high = float(np.min(image)), float(np.max(image))
        span = high - low
        spec = (low + span / 4, high - span / 4) if name == "inner" else (low - span - 1, high + 2 * span + 3)
    return spec


@pytest.mark.parametrize("out_name", list(OUT_RANGES))
@pytest.mark.parametrize("in_name", list(IN_RANGES))
@pytest.mark.parametrize("dtype", DTYPES)
def test_rescale_ranges(dtype, in_name, out_name):
    image = random_image((17, 23), dtype, seed=3)
    check_rescale(image, concrete_range(in_name, image, IN_RANGES), OUT_RANGES[out_name])


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
@pytest.mark.parametrize("dtype", DTYPES + MORE_DTYPES)
def test_rescale_shapes(dtype, shape):
    image = random_image(shape, dtype, seed=sum(shape))
    check_rescale(image)
    check_rescale(image, "dtype", "dtype")
    check_rescale(image, "image", (0, 1))
    check_rescale(image, "image", "uint8")


@pytest.mark.parametrize("out_range", ["dtype", "image", (0, 1), "uint8", (-3, 3)], ids=str)
@pytest.mark.parametrize("dtype", DTYPES + MORE_DTYPES)
def test_rescale_constant_image(dtype, out_range):
    """in_range of zero width: the image is clipped to out_range."""
    for shape in [(1, 1), (4, 5), (2, 3, 4)]:
        check_rescale(random_image(shape, dtype, seed=7, constant=True), "image", out_range)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_rescale_nan(dtype):
    image = random_image((9, 11), dtype, seed=5)
    image[2, 3] = np.nan
    check_rescale(image)                           # NaN extremes: warns, all NaN
    check_rescale(image, "image", (0, 1))
    check_rescale(image, (-10, 60), (0, 1))        # explicit range: only that pixel is NaN
    check_rescale(image, (-10, 60), "dtype")
    result = rescale_intensity(image, (-10, 60), (0, 1))
    assert np.isnan(result[2, 3]) and np.count_nonzero(np.isnan(result)) == 1
    with pytest.warns(UserWarning, match="NaN"):
        assert np.isnan(rescale_intensity(image)).all()


def test_rescale_signed_image_dtype_range():
    """A non-negative range maps onto [0, max] of a signed type, a negative one onto [min, max]."""
    positive = np.array([[0, 50, 100]], dtype=np.int8)
    np.testing.assert_array_equal(rescale_intensity(positive), [[0, 63, 127]])
    check_rescale(positive)
    negative = np.array([[-10, 0, 10]], dtype=np.int8)
    np.testing.assert_array_equal(rescale_intensity(negative), [[-128, 0, 127]])
    check_rescale(negative)


def test_rescale_float32_precision_kept():
    image = random_image((5, 6), "float32")
    assert rescale_intensity(image, out_range=(0, 1)).dtype == np.float32
    assert rescale_intensity(image.astype(np.float16), out_range=(0, 1)).dtype == np.float32
    assert rescale_intensity(image.astype(np.int32), out_range=(0, 1)).dtype == np.float64


def test_rescale_hand_computed():
    image = np.array([51, 102, 153], dtype=np.uint8)
    np.testing.assert_array_equal(rescale_intensity(image), [0, 127, 255])
    np.testing.assert_array_equal(rescale_intensity(image * 1.0, in_range=(0, 102)), [0.5, 1, 1])
    out = rescale_intensity(np.array([0, 2048, 4095], dtype=np.uint16), in_range="uint12", out_range="uint8")
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, [0, 127, 255])


def test_rescale_does_not_modify_input():
    image = random_image((6, 7), "float64")
    before = image.copy()
    rescale_intensity(image, (0, 10), (0, 1))
    np.testing.assert_array_equal(image, before)


def test_rescale_accepts_dtype_objects_and_lists():
    """Beyond scikit-image (which raises for these): np.dtype instances, and
    lists or arrays as (min, max)."""
    image = random_image((6, 7), "uint16")
    np.testing.assert_array_equal(rescale_intensity(image, out_range=np.dtype(np.uint8)),
                                  ski_exposure.rescale_intensity(image, out_range=np.uint8))
    np.testing.assert_array_equal(rescale_intensity(image, in_range=[100, 60000], out_range=np.array([0.0, 2.0])),
                                  ski_exposure.rescale_intensity(image, in_range=(100, 60000), out_range=(0.0, 2.0)))


@pytest.mark.parametrize("in_range, out_range, error, match", [
    ("foo", "dtype", ValueError, "in_range"),
    ("image", "uint13", ValueError, "out_range"),
    ((0, 1, 2), "dtype", ValueError, "in_range"),
    ("image", (0,), ValueError, "out_range"),
    ((0, "a"), "dtype", TypeError, "two numbers"),
    ("image", (None, 1), TypeError, "two numbers"),
    ("image", np.complex64, ValueError, "complex64"),
    ("image", 3, ValueError, "out_range"),
    ("image", np.array(3.0), ValueError, "out_range"),
    (np.zeros((2, 2)), "dtype", ValueError, "in_range"),
])
def test_rescale_bad_ranges(in_range, out_range, error, match):
    with pytest.raises(error, match=match):
        rescale_intensity(np.arange(6, dtype=np.uint8).reshape(2, 3), in_range, out_range)


def test_rescale_bad_images():
    with pytest.raises(TypeError, match="dtype"):
        rescale_intensity(np.ones((3, 3), dtype=np.complex128))
    with pytest.raises(TypeError, match="dtype"):
        rescale_intensity(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="empty"):
        rescale_intensity(np.zeros((0, 4), dtype=np.uint8))


# ----------------------------------------------------------------------------
# normalize_percentile
# ----------------------------------------------------------------------------

def csbdeep_formula(x, pmin, pmax, clip=False, eps=1e-20, dtype=np.float32):
    """CSBDeep's normalize (percentiles of the whole image), written out."""
    mi = np.percentile(x, pmin, keepdims=True)
    ma = np.percentile(x, pmax, keepdims=True)
    if dtype is not None:
        x, mi, ma, eps = x.astype(dtype, copy=False), mi.astype(dtype), ma.astype(dtype), dtype(eps)
    out = (x - mi) / (ma - mi + eps)
    return np.clip(out, 0, 1) if clip else out


PERCENTILES = [(1, 99.8), (3, 99.8), (0, 100), (50, 50.5), (0, 0.1), (25.25, 75)]
NORMALIZE_DTYPES = [np.float32, np.float64, None]


@pytest.mark.parametrize("dtype", NORMALIZE_DTYPES, ids=lambda d: "none" if d is None else d.__name__)
@pytest.mark.parametrize("clip", [False, True], ids=["noclip", "clip"])
@pytest.mark.parametrize("pmin, pmax", PERCENTILES)
@pytest.mark.parametrize("image_dtype", ["uint8", "uint16", "int32", "float32", "float64"])
def test_normalize_formula(image_dtype, pmin, pmax, clip, dtype):
    image = random_image((33, 41), image_dtype, seed=11)
    result = normalize_percentile(image, pmin, pmax, clip=clip, dtype=dtype)
    reference = csbdeep_formula(image, pmin, pmax, clip=clip, dtype=dtype)
    assert result.dtype == reference.dtype and result.shape == image.shape
    np.testing.assert_array_equal(result, reference)


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
@pytest.mark.parametrize("image_dtype", DTYPES)
def test_normalize_shapes(image_dtype, shape):
    image = random_image(shape, image_dtype, seed=len(shape))
    reference_input = image.view(np.uint8) if image.dtype == np.bool_ else image   # bool counts as 0/1
    for clip in (False, True):
        result = normalize_percentile(image, clip=clip)
        assert result.dtype == np.float32 and result.shape == shape
        np.testing.assert_array_equal(result, csbdeep_formula(reference_input, 1, 99.8, clip=clip))


@pytest.mark.parametrize("dtype", NORMALIZE_DTYPES, ids=lambda d: "none" if d is None else d.__name__)
@pytest.mark.parametrize("image_dtype", ["uint8", "uint16", "int32", "float32", "float64"])
def test_normalize_against_csbdeep(image_dtype, dtype):
    normalize = pytest.importorskip("csbdeep.utils").normalize
    for shape in [(1, 1), (31, 40), (5, 9, 11)]:
        image = random_image(shape, image_dtype, seed=2)
        for pmin, pmax in PERCENTILES:
            for clip in (False, True):
                result = normalize_percentile(image, pmin, pmax, clip=clip, dtype=dtype)
                reference = normalize(image, pmin, pmax, clip=clip, dtype=dtype)
                assert result.dtype == reference.dtype
                np.testing.assert_array_equal(result, reference)


def test_normalize_constant_image_and_eps():
    image = np.full((4, 5), 7, dtype=np.uint16)
    np.testing.assert_array_equal(normalize_percentile(image), np.zeros((4, 5), np.float32))
    image = np.array([[0.0, 1.0, 2.0, 3.0, 4.0]])
    np.testing.assert_allclose(normalize_percentile(image, 0, 100, eps=4.0, dtype=np.float64), image / 8)


def test_normalize_hand_computed():
    image = np.arange(101, dtype=np.uint16).reshape(1, 101)
    out = normalize_percentile(image, 10, 90)
    np.testing.assert_array_equal(out[0, [0, 10, 50, 90, 100]], np.float32([-0.125, 0, 0.5, 1, 1.125]))
    np.testing.assert_array_equal(normalize_percentile(image, 10, 90, clip=True)[0, [0, 50, 100]], [0, 0.5, 1])


def test_normalize_nan_propagates():
    """As CSBDeep: a NaN pixel makes the percentiles NaN."""
    image = random_image((6, 7), "float32")
    image[1, 1] = np.nan
    assert np.isnan(normalize_percentile(image)).all()


@pytest.mark.parametrize("kwargs, error, match", [
    ({"pmin": 50, "pmax": 50}, ValueError, "smaller"),
    ({"pmin": 60, "pmax": 40}, ValueError, "smaller"),
    ({"pmin": -1}, ValueError, "pmin"),
    ({"pmax": 100.5}, ValueError, "pmax"),
    ({"pmin": float("nan")}, ValueError, "pmin"),
    ({"pmin": True}, TypeError, "pmin"),
    ({"pmax": "99"}, TypeError, "pmax"),
    ({"pmin": None}, TypeError, "pmin"),
    ({"eps": -1e-3}, ValueError, "eps"),
    ({"eps": float("inf")}, ValueError, "eps"),
    ({"dtype": np.int32}, TypeError, "dtype"),
    ({"dtype": "not-a-dtype"}, TypeError, "dtype"),
])
def test_normalize_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        normalize_percentile(np.arange(12, dtype=np.uint8).reshape(3, 4), **kwargs)


def test_normalize_bad_images():
    with pytest.raises(TypeError, match="dtype"):
        normalize_percentile(np.ones((2, 2), dtype=np.complex64))
    with pytest.raises(ValueError, match="empty"):
        normalize_percentile(np.zeros((3, 0)))


# ----------------------------------------------------------------------------
# describe
# ----------------------------------------------------------------------------

def imagej_float_mode(values):
    """ImageJ's FloatStatistics mode, pixel by pixel: 256 bins between min
    and max, bin ``int(scale * (v - min))`` (the maximum in the last),
    the centre of the first fullest bin."""
    values = [float(v) for v in np.asarray(values).ravel() if math.isfinite(v)]
    low, high = min(values), max(values)
    if low == high:
        return low
    scale = 256 / (high - low)
    counts = [0] * 256
    for v in values:
        counts[min(int(scale * (v - low)), 255)] += 1
    return low + (counts.index(max(counts)) + 0.5) * (high - low) / 256


def reference_stats(image):
    values = np.asarray(image).ravel()
    if values.dtype.kind == "f":
        values = values[np.isfinite(values)]
    stats = {"count": values.size, "min": values.min(), "max": values.max(),
             "mean": np.mean(values.astype(np.float64)),
             "std": np.std(values.astype(np.float64), ddof=1) if values.size > 1 else 0.0}
    if values.dtype.kind == "f":
        stats["mode"] = imagej_float_mode(values)
    else:
        distinct, counts = np.unique(values, return_counts=True)
        stats["mode"] = distinct[counts == counts.max()].min()
    return stats


def check_describe(image):
    stats = describe(image)
    reference = reference_stats(image)
    assert set(stats) == {"count", "min", "max", "mean", "std", "mode"}
    assert stats["count"] == reference["count"] and type(stats["count"]) is int
    kind = np.asarray(image).dtype.kind
    value_type = {"b": bool, "i": int, "u": int, "f": float}[kind]
    for key in ("min", "max", "mode"):
        assert type(stats[key]) is value_type, key
    assert stats["min"] == reference["min"] and stats["max"] == reference["max"]
    assert stats["mode"] == pytest.approx(reference["mode"], rel=1e-12, abs=0)
    assert type(stats["mean"]) is float and type(stats["std"]) is float
    assert stats["mean"] == pytest.approx(reference["mean"], rel=1e-12, abs=1e-12)
    assert stats["std"] == pytest.approx(reference["std"], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
@pytest.mark.parametrize("dtype", DTYPES + MORE_DTYPES)
def test_describe_random(dtype, shape):
    check_describe(random_image(shape, dtype, seed=len(shape) + 1))


@pytest.mark.parametrize("dtype", DTYPES + MORE_DTYPES)
def test_describe_constant_and_few_values(dtype):
    check_describe(random_image((5, 7), dtype, constant=True))
    rng = np.random.default_rng(4)
    check_describe(rng.choice(np.array([0, 1, 3, 7]), size=(40, 31), p=[0.1, 0.4, 0.4, 0.1]).astype(dtype))


def test_describe_integer_mode_ties_pick_smallest():
    assert describe(np.array([[5, 5, 2, 2, 9]], dtype=np.uint8))["mode"] == 2
    assert describe(np.array([[-3, -3, -7, -7]], dtype=np.int32))["mode"] == -7
    wide = np.array([[2 ** 40, 2 ** 40, -(2 ** 40), -(2 ** 40), 0]], dtype=np.int64)   # the np.unique path
    assert describe(wide)["mode"] == -(2 ** 40)
    assert describe(np.array([[2 ** 63 + 5, 2 ** 63 + 5, 1]], dtype=np.uint64))["mode"] == 2 ** 63 + 5


def test_describe_hand_computed():
    stats = describe(np.array([[1, 2, 2], [3, 3, 9]], dtype=np.uint8))
    assert stats == {"count": 6, "min": 1, "max": 9, "mean": 20 / 6, "std": pytest.approx(math.sqrt(41.3333333333 / 5)),
                     "mode": 2}
    single = describe(np.array([[4.5]], dtype=np.float32))
    assert single == {"count": 1, "min": 4.5, "max": 4.5, "mean": 4.5, "std": 0.0, "mode": 4.5}
    assert describe(np.array([[True, False, True]]))["mode"] is True
    # 256 bins over [0, 256]: 1.0 and 1.5 share bin 1, centred at 1.5.
    assert describe(np.array([0.0, 1.0, 1.5, 256.0]))["mode"] == 1.5


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_describe_ignores_nan_and_infinity(dtype):
    image = random_image((11, 13), dtype, seed=9)
    image[0, :4] = [np.nan, np.inf, -np.inf, np.nan]
    stats = describe(image)
    assert stats["count"] == image.size - 4
    check_describe(image)
    assert describe(np.array([np.nan, 2.0, np.nan]))["count"] == 1


def test_describe_bad_images():
    with pytest.raises(ValueError, match="empty"):
        describe(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="finite"):
        describe(np.full((2, 2), np.nan))
    with pytest.raises(TypeError, match="dtype"):
        describe(np.ones((2, 2), dtype=np.complex128))
    with pytest.raises(TypeError, match="dtype"):
        describe(np.array(["x"]))

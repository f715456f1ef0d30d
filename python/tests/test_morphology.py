"""Min/max filters, footprints, grey and binary morphology against
scipy.ndimage / scikit-image 0.26 (first increment of the morphology issue).

Every expected value is computed by the reference library in the test itself
and the function under test must return an *identical* array: same shape,
same dtype, same values (no tolerance; min/max morphology is exact).

* ``swiftbio.filters.minimum`` / ``maximum``  == ``scipy.ndimage.minimum_filter`` /
  ``maximum_filter`` (``out=`` is scipy's ``output=``).
* ``swiftbio.morphology`` footprints             == ``skimage.morphology`` (uint8),
  ``generate_binary_structure``                  == ``scipy.ndimage`` (bool).
* ``swiftbio.morphology.erosion`` ... ``black_tophat``, ``binary_*`` == ``skimage.morphology``.
* ``swiftbio.morphology.morphological_gradient`` == ``dilation - erosion`` (see
  ``reference_gradient`` for the exact definition).

``SWIFTBIO_TEST_REFERENCE=1`` runs the whole suite with the reference
functions in place of swiftbio's, which validates the tests themselves::

    SWIFTBIO_TEST_REFERENCE=1 python -m pytest -q python/tests/test_morphology.py

Checks of swiftbio-only behaviour (errors for input the reference accepts or
rejects with another exception type) are skipped then.

Conventions of the references an implementation must copy (n = footprint
length along an axis, k = index into the footprint along that axis; the
pinned examples are in ``test_neighbourhood_offsets``):

* ``filters.minimum/maximum`` (scipy):  out[x] = min/max over f[k] of in[x + k - n//2]
  (centre n//2, also for even n; ``size=s`` is an all-ones footprint of length s).
* grey ``erosion``/``dilation`` (skimage): out[x] = min/max over f[k] of in[x + k - (n-1)//2].
  skimage pads even footprints at the *front* and mirrors the footprint before
  ``ndi.grey_dilation`` (which mirrors it back), so dilation does NOT mirror, and
  for even n the centre is one pixel before scipy's.
  ``opening = dilation(erosion(im, fp), mirrored fp)``,
  ``closing = erosion(dilation(im, fp), mirrored fp)`` (true opening/closing),
  ``white_tophat = im - opening``, ``black_tophat = closing - im`` in the image
  dtype (np.subtract: unsigned results wrap around modulo 2**bits; bool: xor).
* ``binary_erosion``: out[x] = AND over f[k] of in[x + k - n//2] (footprint padded
  at the *end*); ``binary_dilation``: OR over f[k] of in[x - (k - n//2)] (mirrored).
  ``binary_opening = binary_dilation(binary_erosion(im))``, closing the reverse.
* Default footprint (``footprint=None``): ``generate_binary_structure(image.ndim, 1)``.
* Grey modes: scipy's five plus 'max', 'min' and 'ignore': outside pixels are
  ``cval`` ('constant'), the dtype's max ('max': iinfo.max, +inf, True) or min
  ('min': iinfo.min, -inf, False); 'ignore' is 'max' for erosion and 'min' for
  dilation (also within opening/closing/tophats/gradient).
* Binary modes: outside pixels are False ('min'), True ('max'); 'ignore' is
  True for erosion and False for dilation.
* Output dtype = input dtype (grey, filters); bool (binary, any input dtype,
  nonzero = True). ``out=`` is written and returned (may be the input itself).
"""
import os

REFERENCE = os.environ.get("SWIFTBIO_TEST_REFERENCE") == "1"  # run the suite against scipy/scikit-image themselves

import functools
import importlib
import warnings
import zlib

import numpy as np
import pytest
import scipy.ndimage as ndi
import skimage.morphology as skm

swiftbio_only = pytest.mark.skipif(REFERENCE, reason="swiftbio-only behaviour; the reference differs")


# --------------------------------------------------------------------------
# The functions under test and their references
# --------------------------------------------------------------------------

def quiet(func):
    """`func` with scikit-image's deprecation warnings (square, rectangle,
    cube, binary_*: FutureWarning in 0.26) suppressed."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*deprecated", category=FutureWarning)
            return func(*args, **kwargs)
    return wrapper


def reference_minimum(image, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    return ndi.minimum_filter(image, size=size, footprint=footprint, output=out, mode=mode, cval=cval)


def reference_maximum(image, size=None, footprint=None, *, mode="reflect", cval=0.0, out=None):
    return ndi.maximum_filter(image, size=size, footprint=footprint, output=out, mode=mode, cval=cval)


def reference_gradient(image, footprint=None, *, mode="reflect", cval=0.0):
    """Morphological gradient = skimage dilation - skimage erosion (same
    footprint, same mode/cval; 'ignore' is 'min' for the dilation and 'max'
    for the erosion), subtracted in the image dtype like
    ``scipy.ndimage.morphological_gradient`` (``np.subtract(dilated, eroded)``).

    Choice: skimage's neighbourhood (no mirroring), so dilation >= erosion
    pixel by pixel and unsigned results cannot wrap -- except with mode='ignore'
    where a non-centred footprint lies entirely outside the image (dilation =
    dtype min, erosion = dtype max): there the result wraps modulo 2**bits,
    exactly as scipy's np.subtract does (float: -inf; and with 'max'/'min',
    inf - inf = nan for floats, 0 for integers). For symmetric footprints
    this equals ``scipy.ndimage.morphological_gradient`` in scipy's modes
    (``test_gradient_equals_scipy_for_symmetric_footprints``); for non-symmetric
    ones scipy mirrors the footprint of its dilation and swiftbio does not.
    bool images: xor (subtraction modulo 2; numpy refuses bool subtraction).
    """
    dilated = skm.dilation(image, footprint, mode=mode, cval=cval)
    eroded = skm.erosion(image, footprint, mode=mode, cval=cval)
    if image.dtype == bool:
        return np.logical_xor(dilated, eroded)
    with np.errstate(invalid="ignore"):   # mode='max'/'min', all neighbours outside: inf - inf = nan
        return np.subtract(dilated, eroded)


REFERENCES = {
    "filters.minimum": reference_minimum,
    "filters.maximum": reference_maximum,
    "morphology.disk": skm.disk,
    "morphology.diamond": skm.diamond,
    "morphology.ball": skm.ball,
    "morphology.octahedron": skm.octahedron,
    "morphology.star": skm.star,
    "morphology.ellipse": skm.ellipse,
    "morphology.footprint_rectangle": skm.footprint_rectangle,
    "morphology.square": quiet(skm.square),
    "morphology.rectangle": quiet(skm.rectangle),
    "morphology.cube": quiet(skm.cube),
    "morphology.generate_binary_structure": ndi.generate_binary_structure,
    "morphology.erosion": skm.erosion,
    "morphology.dilation": skm.dilation,
    "morphology.opening": skm.opening,
    "morphology.closing": skm.closing,
    "morphology.white_tophat": skm.white_tophat,
    "morphology.black_tophat": skm.black_tophat,
    "morphology.morphological_gradient": reference_gradient,
    "morphology.binary_erosion": quiet(skm.binary_erosion),
    "morphology.binary_dilation": quiet(skm.binary_dilation),
    "morphology.binary_opening": quiet(skm.binary_opening),
    "morphology.binary_closing": quiet(skm.binary_closing),
}


def under_test(name):
    """``under_test("morphology.erosion")`` is ``swiftbio.morphology.erosion`` --
    or, when REFERENCE, ``skimage.morphology.erosion``. Resolved inside each
    test, so a function that does not exist yet fails only its own tests."""
    if REFERENCE:
        return REFERENCES[name]
    module, attribute = name.rsplit(".", 1)
    return getattr(importlib.import_module("swiftbio." + module), attribute)


def reference(name):
    """The reference implementation (always scipy / scikit-image)."""
    return REFERENCES[name]


# --------------------------------------------------------------------------
# Inputs (fixed seeds) and comparison
# --------------------------------------------------------------------------

def seed_of(*parts):
    """A fixed seed derived from the test case's description."""
    return zlib.crc32("-".join(map(str, parts)).encode())


def random_image(shape, dtype, *parts):
    """Random values over the dtype's range (floats: normal, sd 100), with the
    dtype's extreme values at two pixels for the integer types."""
    rng = np.random.default_rng(seed_of(shape, dtype, *parts))
    dtype = np.dtype(dtype)
    if dtype == bool:
        return rng.random(shape) < 0.5
    if dtype.kind == "f":
        return (rng.standard_normal(shape) * 100).astype(dtype)
    info = np.iinfo(dtype)
    image = rng.integers(info.min, info.max, size=shape, endpoint=True).astype(dtype)
    if image.size >= 4:
        image.flat[1] = info.min
        image.flat[-2] = info.max
    return image


def assert_identical(result, expected):
    assert isinstance(result, np.ndarray), type(result)
    assert result.dtype == expected.dtype, (result.dtype, expected.dtype)
    assert result.shape == expected.shape, (result.shape, expected.shape)
    mismatch = ~((result == expected) | ((result != result) & (expected != expected)))  # NaN == NaN
    assert not mismatch.any(), (
        f"{int(mismatch.sum())} of {mismatch.size} pixels differ; first at "
        f"{tuple(int(i) for i in np.argwhere(mismatch)[0])}: {result[mismatch][0]!r} != {expected[mismatch][0]!r}")


# cval for mode 'constant_cval': inside each dtype's range, so that it matters
# for both minimum and maximum; exactly representable in every dtype.
CVAL = {"bool": 1.0, "uint8": 100.0, "uint16": 30000.0, "int32": -12345.0, "float32": 0.75, "float64": -1.5}

# id -> (mode, cval or None for "do not pass cval")
SCIPY_MODES = {
    "reflect": ("reflect", None),
    "mirror": ("mirror", None),
    "nearest": ("nearest", None),
    "constant": ("constant", None),      # default cval 0.0
    "constant_cval": ("constant", "dtype"),
    "wrap": ("wrap", None),
}
GREY_MODES = dict(SCIPY_MODES, max=("max", None), min=("min", None), ignore=("ignore", None))


def mode_kwargs(mode_id, dtype, modes=GREY_MODES):
    mode, cval = modes[mode_id]
    kwargs = {"mode": mode}
    if cval is not None:
        kwargs["cval"] = CVAL[np.dtype(dtype).name]
    return kwargs


# Non-symmetric footprints (0/1 arrays of various dtypes).
NONSYM_3x5 = np.array([[1, 1, 0, 0, 0],
                       [0, 0, 1, 0, 1],
                       [0, 1, 1, 1, 0]], bool)
NONSYM_EVEN_4x3 = np.array([[0, 1, 1],
                            [1, 0, 0],
                            [1, 1, 0],
                            [0, 0, 1]], np.uint8)
NO_CENTRE_3x3 = np.array([[1, 0, 0],
                          [0, 0, 0],
                          [0, 0, 1]], bool)            # the centre pixel is not in the neighbourhood
NONSYM_3x3x3 = np.zeros((3, 3, 3), bool)
NONSYM_3x3x3[0, 0, 1] = NONSYM_3x3x3[1, 1, 1] = NONSYM_3x3x3[1, 2, 2] = NONSYM_3x3x3[2, 1, 0] = True
NONSYM_EVEN_2x3x4 = np.zeros((2, 3, 4), np.uint8)
NONSYM_EVEN_2x3x4[0, 0, 0] = NONSYM_EVEN_2x3x4[1, 1, 2] = NONSYM_EVEN_2x3x4[1, 2, 3] = NONSYM_EVEN_2x3x4[0, 2, 1] = 1
NO_CENTRE_3x3x3 = np.zeros((3, 3, 3), np.uint8)
NO_CENTRE_3x3x3[0, 0, 0] = NO_CENTRE_3x3x3[2, 1, 2] = 1

for _fp in (NONSYM_3x5, NONSYM_EVEN_4x3, NONSYM_3x3x3, NONSYM_EVEN_2x3x4):
    assert not np.array_equal(_fp, _fp[(slice(None, None, -1),) * _fp.ndim])


# --------------------------------------------------------------------------
# 1. filters.minimum / filters.maximum == scipy.ndimage.minimum_filter / maximum_filter
# --------------------------------------------------------------------------

FILTERS = {"minimum": ndi.minimum_filter, "maximum": ndi.maximum_filter}
FILTER_DTYPES = ["bool", "uint8", "uint16", "int32", "float32", "float64"]
FILTER_SHAPES = {2: (19, 24), 3: (6, 9, 11)}

# id -> {ndim: keyword arguments (size= or footprint=)}
WINDOWS = {
    "size1": {2: dict(size=1), 3: dict(size=1)},
    "size3": {2: dict(size=3), 3: dict(size=3)},
    "size5": {2: dict(size=5), 3: dict(size=5)},
    "size2_even": {2: dict(size=2), 3: dict(size=2)},
    "size4_even": {2: dict(size=4), 3: dict(size=4)},
    "size_per_axis": {2: dict(size=(5, 2)), 3: dict(size=(3, 4, 1))},
    "fp_cross": {2: dict(footprint=ndi.generate_binary_structure(2, 1)),
                 3: dict(footprint=ndi.generate_binary_structure(3, 1))},
    "fp_full_even": {2: dict(footprint=np.ones((3, 4), bool)), 3: dict(footprint=np.ones((2, 3, 2), bool))},
    "fp_nonsym": {2: dict(footprint=NONSYM_3x5), 3: dict(footprint=NONSYM_3x3x3)},
    "fp_nonsym_even": {2: dict(footprint=NONSYM_EVEN_4x3), 3: dict(footprint=NONSYM_EVEN_2x3x4)},
    "fp_no_centre": {2: dict(footprint=NO_CENTRE_3x3), 3: dict(footprint=NO_CENTRE_3x3x3)},
}


@pytest.mark.parametrize("mode_id", list(SCIPY_MODES))
@pytest.mark.parametrize("window", list(WINDOWS))
@pytest.mark.parametrize("ndim", [2, 3], ids=["2d", "3d"])
@pytest.mark.parametrize("dtype", FILTER_DTYPES)
@pytest.mark.parametrize("name", list(FILTERS))
def test_min_max_filter(name, dtype, ndim, window, mode_id):
    image = random_image(FILTER_SHAPES[ndim], dtype, "filter")
    before = image.copy()
    kwargs = dict(WINDOWS[window][ndim], **mode_kwargs(mode_id, dtype, SCIPY_MODES))
    expected = FILTERS[name](image, **kwargs)
    result = under_test(f"filters.{name}")(image, **kwargs)
    assert_identical(result, expected)
    assert_identical(image, before)   # input untouched


@pytest.mark.parametrize("mode_id", list(SCIPY_MODES))
@pytest.mark.parametrize("size", [(7, 7), (8, 6), (12, 16), (16, 3), (1, 13), (9, 1), (17, 5)], ids=str)
@pytest.mark.parametrize("dtype", ["uint8", "uint16", "float32"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_min_max_filter_larger_boxes(name, dtype, size, mode_id):
    """Boxes past the width kernel's first passes (windows grown ×4, then
    ×2, then two overlapping), heights up to the pair kernel's limit and
    past it, on an image several boxes wide, 2D and a 3D stack of planes."""
    for shape in [(37, 45), (3, 29, 33)]:
        image = random_image(shape, dtype, "larger boxes", size)
        box = size if len(shape) == 2 else (1,) + size
        kwargs = dict(size=box, **mode_kwargs(mode_id, dtype, SCIPY_MODES))
        assert_identical(under_test(f"filters.{name}")(image, **kwargs), FILTERS[name](image, **kwargs))


TINY_SHAPES = {"1x1": (1, 1), "1x1x1": (1, 1, 1), "1x6": (1, 6), "5x1": (5, 1), "2x3": (2, 3), "2x1x3": (2, 1, 3)}
TINY_WINDOWS = {   # windows larger than the image (several times over along some axes)
    "size3": lambda ndim: dict(size=3),
    "size4": lambda ndim: dict(size=4),
    "size9": lambda ndim: dict(size=9),
    "fp_nonsym": lambda ndim: dict(footprint=NONSYM_3x5 if ndim == 2 else NONSYM_3x3x3),
    "fp_nonsym_even": lambda ndim: dict(footprint=NONSYM_EVEN_4x3 if ndim == 2 else NONSYM_EVEN_2x3x4),
}


@pytest.mark.parametrize("mode_id", list(SCIPY_MODES))
@pytest.mark.parametrize("window", list(TINY_WINDOWS))
@pytest.mark.parametrize("shape", list(TINY_SHAPES))
@pytest.mark.parametrize("name", list(FILTERS))
def test_min_max_filter_tiny_images(name, shape, window, mode_id):
    shape = TINY_SHAPES[shape]
    dtype = "float64" if len(shape) == 2 else "uint16"
    image = random_image(shape, dtype, "tiny")
    kwargs = dict(TINY_WINDOWS[window](len(shape)), **mode_kwargs(mode_id, dtype, SCIPY_MODES))
    assert_identical(under_test(f"filters.{name}")(image, **kwargs), FILTERS[name](image, **kwargs))


@pytest.mark.parametrize("dtype, cval", [("uint8", 7.9), ("uint16", 1000.6), ("int32", -2.7), ("int32", 3.999)],
                         ids=["uint8-7.9", "uint16-1000.6", "int32-neg2.7", "int32-3.999"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_min_max_filter_fractional_cval(name, dtype, cval):
    """Integer images: scipy computes in double and casts the result, i.e. a
    fractional cval acts as cval truncated toward zero (not rounded)."""
    rng = np.random.default_rng(seed_of(name, dtype, cval))
    image = (int(cval) + rng.integers(-2, 3, (9, 12))).astype(dtype)   # values around cval
    for kwargs in (dict(size=3), dict(footprint=NONSYM_3x5)):
        expected = FILTERS[name](image, mode="constant", cval=cval, **kwargs)
        assert_identical(under_test(f"filters.{name}")(image, mode="constant", cval=cval, **kwargs), expected)


@pytest.mark.parametrize("cval", [0.1, 0.9, 1.5, 2.5])
@pytest.mark.parametrize("name", list(FILTERS))
def test_min_max_filter_bool_fractional_cval(name, cval):
    """Bool images are bytes to scipy: an extreme of 0.1 casts to False, not
    to `0.1 != 0`."""
    rng = np.random.default_rng(seed_of(name, "bool", cval))
    image = rng.random((9, 12)) > 0.5
    for kwargs in (dict(size=3), dict(footprint=NONSYM_3x5)):
        expected = FILTERS[name](image, mode="constant", cval=cval, **kwargs)
        assert_identical(under_test(f"filters.{name}")(image, mode="constant", cval=cval, **kwargs), expected)


@pytest.mark.parametrize("dtype", ["uint8", "int32", "float32"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_min_max_filter_out(name, dtype):
    image = random_image((13, 17), dtype, "out")
    expected = FILTERS[name](image, footprint=NONSYM_3x5, mode="wrap")
    func = under_test(f"filters.{name}")
    out = np.zeros_like(image)
    result = func(image, footprint=NONSYM_3x5, mode="wrap", out=out)
    assert result is out
    assert_identical(out, expected)
    in_place = image.copy()                  # out may be the input itself
    result = func(in_place, footprint=NONSYM_3x5, mode="wrap", out=in_place)
    assert result is in_place
    assert_identical(in_place, expected)


IN_PLACE_FILTERS = {"minimum": ndi.minimum_filter, "maximum": ndi.maximum_filter,
                    "median": ndi.median_filter}


@pytest.mark.parametrize("size", [3, 7])
@pytest.mark.parametrize("dtype", ["uint8", "uint16", "float32"])
@pytest.mark.parametrize("name", list(IN_PLACE_FILTERS))
def test_box_filter_in_place(name, dtype, size):
    """out= the input itself, on an image big enough for several threads:
    the box kernels read image rows directly, so they must not see rows
    already overwritten (by their own thread or another)."""
    image = random_image((301, 257), dtype, "in place", size)
    expected = IN_PLACE_FILTERS[name](image, size=size)
    in_place = image.copy()
    result = under_test(f"filters.{name}")(in_place, size=size, out=in_place)
    assert result is in_place
    assert_identical(in_place, expected)


@swiftbio_only
@pytest.mark.parametrize("dtype, cval", [("uint8", 300), ("uint8", -5), ("uint16", 70000.0), ("int32", 1e10),
                                         ("uint8", float("nan")), ("int32", float("-inf"))])
@pytest.mark.parametrize("name", ["filters.minimum", "filters.maximum", "filters.median", "morphology.erosion",
                                  "morphology.dilation"])
def test_integer_cval_outside_the_dtype_is_refused(name, dtype, cval):
    """scipy casts cval into the integer image in C, where an out-of-range
    conversion is undefined (x86 wraps: 300 -> 44 in uint8): no defined
    result to match, so a constant border that does not fit is refused.
    Other modes ignore cval, as scipy does."""
    image = random_image((9, 12), dtype, "cval", name)
    func = under_test(name)
    kwargs = dict(size=3) if name.startswith("filters") else dict(footprint=np.ones((3, 3), bool))
    with pytest.raises(ValueError, match="cval .* does not fit"):
        func(image, mode="constant", cval=cval, **kwargs)
    reference = {"filters.minimum": ndi.minimum_filter, "filters.maximum": ndi.maximum_filter,
                 "filters.median": ndi.median_filter, "morphology.erosion": ndi.grey_erosion,
                 "morphology.dilation": ndi.grey_dilation}[name]
    assert_identical(func(image, mode="nearest", cval=cval, **kwargs), reference(image, size=3, mode="nearest"))


@pytest.mark.parametrize("dtype, cval", [("uint8", 255.9), ("uint8", -0.9), ("uint16", 65535), ("int32", -2**31)])
@pytest.mark.parametrize("name", ["minimum", "maximum", "median"])
def test_integer_cval_at_the_dtype_limits(name, dtype, cval):
    """Values that truncate into the dtype's range are scipy's results."""
    image = random_image((9, 12), dtype, "cval limits", name)
    expected = {"minimum": ndi.minimum_filter, "maximum": ndi.maximum_filter, "median": ndi.median_filter}[name](
        image, size=3, mode="constant", cval=cval)
    assert_identical(under_test(f"filters.{name}")(image, size=3, mode="constant", cval=cval), expected)


NONCONTIGUOUS = {
    "step_slice": lambda a: a[::2, 1::3],
    "reversed": lambda a: a[::-1, :],
    "transposed": lambda a: a.T,
    "fortran": lambda a: np.asfortranarray(a),
    "3d_swapped_axes": lambda a: a.reshape(6, 5, 8).transpose(2, 0, 1),
}


@pytest.mark.parametrize("layout", list(NONCONTIGUOUS))
@pytest.mark.parametrize("name", list(FILTERS))
def test_min_max_filter_noncontiguous_input(name, layout):
    image = NONCONTIGUOUS[layout](random_image((30, 8), "float32", "layout"))
    kwargs = dict(footprint=NONSYM_3x5 if image.ndim == 2 else NONSYM_3x3x3, mode="mirror")
    assert_identical(under_test(f"filters.{name}")(image, **kwargs), FILTERS[name](image, **kwargs))


# --------------------------------------------------------------------------
# 2. Footprints == scikit-image (uint8) / scipy (bool)
# --------------------------------------------------------------------------

def assert_same_footprint(result, expected):
    assert isinstance(result, np.ndarray), type(result)
    assert result.dtype == expected.dtype, (result.dtype, expected.dtype)
    assert result.shape == expected.shape, (result.shape, expected.shape)
    assert np.array_equal(result, expected), f"\n{result.astype(int)}\n!=\n{expected.astype(int)}"


@pytest.mark.parametrize("strict_radius", [True, False], ids=["strict", "loose"])
@pytest.mark.parametrize("radius", range(9), ids=lambda r: f"r{r}")
def test_disk(radius, strict_radius):
    expected = skm.disk(radius, strict_radius=strict_radius)
    assert expected.dtype == np.uint8
    assert_same_footprint(under_test("morphology.disk")(radius, strict_radius=strict_radius), expected)
    if strict_radius:
        assert_same_footprint(under_test("morphology.disk")(radius), expected)   # default


@pytest.mark.parametrize("strict_radius", [True, False], ids=["strict", "loose"])
@pytest.mark.parametrize("radius", range(9), ids=lambda r: f"r{r}")
def test_ball(radius, strict_radius):
    expected = skm.ball(radius, strict_radius=strict_radius)
    assert_same_footprint(under_test("morphology.ball")(radius, strict_radius=strict_radius), expected)
    if strict_radius:
        assert_same_footprint(under_test("morphology.ball")(radius), expected)


@pytest.mark.parametrize("radius", range(9), ids=lambda r: f"r{r}")
def test_diamond(radius):
    assert_same_footprint(under_test("morphology.diamond")(radius), skm.diamond(radius))


@pytest.mark.parametrize("radius", range(9), ids=lambda r: f"r{r}")
def test_octahedron(radius):
    assert_same_footprint(under_test("morphology.octahedron")(radius), skm.octahedron(radius))


@pytest.mark.parametrize("a", range(9), ids=lambda a: f"a{a}")
def test_star(a):
    assert_same_footprint(under_test("morphology.star")(a), skm.star(a))


ELLIPSES = [(w, h) for w in range(6) for h in range(6)] + [(8, 3), (2, 8), (7, 7), (10, 1)]


@pytest.mark.parametrize("width, height", ELLIPSES, ids=[f"w{w}-h{h}" for w, h in ELLIPSES])
def test_ellipse(width, height):
    assert_same_footprint(under_test("morphology.ellipse")(width, height), skm.ellipse(width, height))


RECTANGLES = [(1, 1), (3, 3), (1, 7), (6, 1), (2, 5), (4, 4), (1, 1, 1), (3, 4, 5), (2, 2, 2), (5,), (2, 1, 3, 2)]


@pytest.mark.parametrize("shape", RECTANGLES, ids=["x".join(map(str, s)) for s in RECTANGLES])
def test_footprint_rectangle(shape):
    assert_same_footprint(under_test("morphology.footprint_rectangle")(shape), skm.footprint_rectangle(shape))


@pytest.mark.parametrize("width", range(1, 8), ids=lambda w: f"w{w}")
def test_square(width):
    """``square`` is deprecated in scikit-image: compared with footprint_rectangle."""
    expected = skm.footprint_rectangle((width, width))
    assert_same_footprint(under_test("morphology.square")(width), expected)


RECTANGLES_2D = [(1, 1), (1, 5), (4, 1), (2, 3), (5, 4), (7, 7)]


@pytest.mark.parametrize("nrows, ncols", RECTANGLES_2D, ids=[f"{r}x{c}" for r, c in RECTANGLES_2D])
def test_rectangle(nrows, ncols):
    expected = skm.footprint_rectangle((nrows, ncols))
    assert_same_footprint(under_test("morphology.rectangle")(nrows, ncols), expected)


@pytest.mark.parametrize("width", range(1, 6), ids=lambda w: f"w{w}")
def test_cube(width):
    expected = skm.footprint_rectangle((width, width, width))
    assert_same_footprint(under_test("morphology.cube")(width), expected)


STRUCTURES = [(0, 1)] + [(rank, conn) for rank in range(1, 5) for conn in range(0, rank + 2)]


@pytest.mark.parametrize("rank, connectivity", STRUCTURES, ids=[f"rank{r}-conn{c}" for r, c in STRUCTURES])
def test_generate_binary_structure(rank, connectivity):
    """scipy: bool, shape (3,)*rank; connectivity < 1 acts as 1, > rank as rank;
    rank 0 gives the 0-d array True."""
    expected = ndi.generate_binary_structure(rank, connectivity)
    assert expected.dtype == bool
    assert_same_footprint(under_test("morphology.generate_binary_structure")(rank, connectivity), expected)


# --------------------------------------------------------------------------
# 3. Grey morphology == skimage.morphology (+ morphological_gradient)
# --------------------------------------------------------------------------

GREY = {
    "erosion": skm.erosion,
    "dilation": skm.dilation,
    "opening": skm.opening,
    "closing": skm.closing,
    "white_tophat": skm.white_tophat,
    "black_tophat": skm.black_tophat,
    "morphological_gradient": reference_gradient,
}
GREY_DTYPES = ["bool", "uint8", "uint16", "float32", "float64"]
GREY_SHAPES = {2: (17, 22), 3: (6, 8, 9)}
GREY_FOOTPRINTS = {
    2: {
        "default": None,
        "disk1": skm.disk(1),
        "disk3": skm.disk(3),
        "diamond2": skm.diamond(2),
        "square3": skm.footprint_rectangle((3, 3)),
        "rect_2x4_even": skm.footprint_rectangle((2, 4)),
        "nonsym_3x5": NONSYM_3x5,
        "nonsym_even_4x3": NONSYM_EVEN_4x3,
        "no_centre": NO_CENTRE_3x3,
    },
    3: {
        "default": None,
        "ball2": skm.ball(2),
        "octahedron1": skm.octahedron(1),
        "cube3": skm.footprint_rectangle((3, 3, 3)),
        "nonsym_3x3x3": NONSYM_3x3x3,
        "nonsym_even_2x3x4": NONSYM_EVEN_2x3x4,
        "no_centre": NO_CENTRE_3x3x3,
    },
}


def grey_cases():
    for ndim, footprints in GREY_FOOTPRINTS.items():
        for fp_id in footprints:
            yield pytest.param(ndim, fp_id, id=f"{ndim}d-{fp_id}")


@pytest.mark.parametrize("mode_id", list(GREY_MODES))
@pytest.mark.parametrize("ndim, fp_id", list(grey_cases()))
@pytest.mark.parametrize("dtype", GREY_DTYPES)
@pytest.mark.parametrize("name", list(GREY))
def test_grey_morphology(name, dtype, ndim, fp_id, mode_id):
    image = random_image(GREY_SHAPES[ndim], dtype, "grey")
    before = image.copy()
    footprint = GREY_FOOTPRINTS[ndim][fp_id]
    kwargs = mode_kwargs(mode_id, dtype)
    expected = GREY[name](image, footprint, **kwargs)
    result = under_test(f"morphology.{name}")(image, footprint, **kwargs)
    assert_identical(result, expected)
    assert_identical(image, before)
    if fp_id == "default":   # footprint omitted altogether
        assert_identical(under_test(f"morphology.{name}")(image, **kwargs), expected)


GREY_TINY_FOOTPRINTS = {"disk2": skm.disk(2), "nonsym_3x5": NONSYM_3x5, "nonsym_even_4x3": NONSYM_EVEN_4x3}


@pytest.mark.parametrize("mode_id", list(GREY_MODES))
@pytest.mark.parametrize("fp_id", list(GREY_TINY_FOOTPRINTS))
@pytest.mark.parametrize("shape", ["1x1", "1x6", "5x1", "2x3"])
@pytest.mark.parametrize("name", list(GREY))
def test_grey_morphology_tiny_images(name, shape, fp_id, mode_id):
    image = random_image(TINY_SHAPES[shape], "uint8", "grey-tiny")
    footprint = GREY_TINY_FOOTPRINTS[fp_id]
    kwargs = mode_kwargs(mode_id, "uint8")
    assert_identical(under_test(f"morphology.{name}")(image, footprint, **kwargs),
                     GREY[name](image, footprint, **kwargs))


@pytest.mark.parametrize("dtype", ["bool", "uint8", "float32"])
@pytest.mark.parametrize("name", [n for n in GREY if n != "morphological_gradient"])
def test_grey_morphology_out(name, dtype):
    """``out=`` is filled and returned, also when it is the input itself."""
    image = random_image((14, 15), dtype, "grey-out")
    expected = GREY[name](image, NONSYM_3x5, mode="ignore")
    func = under_test(f"morphology.{name}")
    out = np.zeros_like(image)
    result = func(image, NONSYM_3x5, out=out, mode="ignore")   # (skimage's decorator breaks a positional out)
    assert result is out
    assert_identical(out, expected)
    in_place = image.copy()
    result = func(in_place, NONSYM_3x5, out=in_place, mode="ignore")
    assert result is in_place
    assert_identical(in_place, expected)


@pytest.mark.parametrize("layout", list(NONCONTIGUOUS))
@pytest.mark.parametrize("name", list(GREY))
def test_grey_morphology_noncontiguous_input(name, layout):
    image = NONCONTIGUOUS[layout](random_image((30, 8), "uint16", "grey-layout"))
    footprint = NONSYM_EVEN_4x3 if image.ndim == 2 else NONSYM_EVEN_2x3x4
    assert_identical(under_test(f"morphology.{name}")(image, footprint, mode="wrap"),
                     GREY[name](image, footprint, mode="wrap"))


@pytest.mark.parametrize("mode_id", list(SCIPY_MODES))
@pytest.mark.parametrize("dtype", ["uint8", "uint16", "float32", "float64"])
@pytest.mark.parametrize("fp_id", ["default", "disk2", "square3", "ball1_3d"])
def test_gradient_equals_scipy_for_symmetric_footprints(fp_id, dtype, mode_id):
    """For symmetric footprints the gradient is scipy.ndimage.morphological_gradient."""
    footprint = {"default": None, "disk2": skm.disk(2), "square3": np.ones((3, 3)), "ball1_3d": skm.ball(1)}[fp_id]
    image = random_image(GREY_SHAPES[3 if fp_id.endswith("3d") else 2], dtype, "gradient")
    kwargs = mode_kwargs(mode_id, dtype, SCIPY_MODES)
    scipy_fp = ndi.generate_binary_structure(image.ndim, 1) if footprint is None else footprint
    expected = ndi.morphological_gradient(image, footprint=scipy_fp, **kwargs)
    assert_identical(under_test("morphology.morphological_gradient")(image, footprint, **kwargs), expected)


def test_gradient_ignore_mode_wraps_like_numpy():
    """The one place an unsigned gradient wraps: mode='ignore' and a footprint
    that misses the pixel itself and lies entirely outside the image."""
    image = np.full((3, 3), 7, np.uint8)
    result = under_test("morphology.morphological_gradient")(image, NO_CENTRE_3x3, mode="ignore")
    # corners (0, 2) and (2, 0): no footprint pixel inside -> 0 - 255 == 1 (mod 256)
    expected = np.array([[0, 0, 1], [0, 0, 0], [1, 0, 0]], np.uint8)
    assert_identical(result, expected)
    assert_identical(result, reference_gradient(image, NO_CENTRE_3x3, mode="ignore"))


@pytest.mark.parametrize("name", list(GREY))
def test_grey_morphology_unsupported_mode(name):
    """skimage raises ValueError for a mode outside its eight."""
    with pytest.raises(ValueError):
        under_test(f"morphology.{name}")(random_image((5, 5), "uint8", "mode"), mode="grid-wrap")


# --------------------------------------------------------------------------
# Neighbourhood offsets for even / non-symmetric footprints (pinned)
# --------------------------------------------------------------------------

# A single pixel at column P of a 1 x 11 image; footprints of one row.
P = 5
OFFSET_FOOTPRINTS = {"1000": [1, 0, 0, 0], "1100": [1, 1, 0, 0], "100": [1, 0, 0], "0011": [0, 0, 1, 1], "10": [1, 0]}


def offsets(footprint, centre, mirrored=False):
    k = np.flatnonzero(footprint)
    return (centre - k) if mirrored else (k - centre)


def hit_columns(fp, rule):
    """Columns x whose neighbourhood {x + o} contains P, for the offset rule."""
    n = len(fp)
    o = {"scipy_filter": offsets(fp, n // 2),            # min/max filters, binary_erosion
         "skimage_grey": offsets(fp, (n - 1) // 2),      # erosion and dilation (no mirroring)
         "binary_dilation": offsets(fp, n // 2, mirrored=True)}[rule]
    return sorted(int(P - v) for v in o if 0 <= P - v < 11)


OFFSET_CASES = {
    # name -> (function, applied to the single bright pixel (True) or to its complement, kwargs, rule)
    "maximum": ("filters.maximum", "bright", dict(mode="constant"), "scipy_filter"),
    "minimum": ("filters.minimum", "dark", dict(mode="constant", cval=1), "scipy_filter"),
    "dilation": ("morphology.dilation", "bright", dict(mode="ignore"), "skimage_grey"),
    "erosion": ("morphology.erosion", "dark", dict(mode="ignore"), "skimage_grey"),
    "binary_dilation": ("morphology.binary_dilation", "bright", {}, "binary_dilation"),
    "binary_erosion": ("morphology.binary_erosion", "dark", {}, "scipy_filter"),
}


@pytest.mark.parametrize("fp_id", list(OFFSET_FOOTPRINTS))
@pytest.mark.parametrize("case", list(OFFSET_CASES))
def test_neighbourhood_offsets(case, fp_id):
    """Where each function centres an even or non-symmetric footprint, and
    whether it mirrors it (see the module docstring)."""
    name, polarity, kwargs, rule = OFFSET_CASES[case]
    fp = OFFSET_FOOTPRINTS[fp_id]
    image = np.zeros((1, 11), np.uint8)
    image[0, P] = 1
    if polarity == "dark":
        image = 1 - image
    if name.startswith("morphology.binary"):
        image = image.astype(bool)
    result = np.asarray(under_test(name)(image, footprint=np.array([fp], np.uint8), **kwargs))
    changed = (result[0] != 0) if polarity == "bright" else (result[0] == 0)
    assert np.flatnonzero(changed).tolist() == hit_columns(fp, rule)


# --------------------------------------------------------------------------
# 4. Binary morphology == skimage.morphology.binary_* (and scipy.ndimage where equal)
# --------------------------------------------------------------------------

BINARY = {
    "binary_erosion": quiet(skm.binary_erosion),
    "binary_dilation": quiet(skm.binary_dilation),
    "binary_opening": quiet(skm.binary_opening),
    "binary_closing": quiet(skm.binary_closing),
}
BINARY_SHAPES = {2: (21, 26), 3: (7, 9, 10)}


def make_mask(kind, shape):
    rng = np.random.default_rng(seed_of(kind, shape))
    if kind.startswith("random"):
        return rng.random(shape) < float(kind[len("random"):]) / 100
    mask = np.zeros(shape, bool)
    if kind == "ones":
        mask[...] = True
    elif kind == "single_pixel":
        mask[tuple(s // 2 for s in shape)] = True
    elif kind == "corner_pixel":
        mask[(0,) * len(shape)] = True
    elif kind == "single_hole":      # all True except one pixel next to the border
        mask[...] = True
        mask[(1,) + (0,) * (len(shape) - 1)] = False
    else:
        assert kind == "zeros", kind
    return mask


MASKS = ["random05", "random50", "random90", "zeros", "ones", "single_pixel", "corner_pixel", "single_hole"]
BINARY_FOOTPRINTS = {
    2: {
        "default": None,
        "disk1": skm.disk(1),
        "disk2": skm.disk(2),
        "square3": skm.footprint_rectangle((3, 3)),
        "rect_2x2_even": skm.footprint_rectangle((2, 2)),
        "nonsym_3x5": NONSYM_3x5,
        "nonsym_even_4x3": NONSYM_EVEN_4x3,
        "no_centre": NO_CENTRE_3x3,
    },
    3: {
        "default": None,
        "ball1": skm.ball(1),
        "cube2_even": skm.footprint_rectangle((2, 2, 2)),
        "nonsym_3x3x3": NONSYM_3x3x3,
        "nonsym_even_2x3x4": NONSYM_EVEN_2x3x4,
    },
}


def binary_cases():
    for ndim, footprints in BINARY_FOOTPRINTS.items():
        for fp_id in footprints:
            yield pytest.param(ndim, fp_id, id=f"{ndim}d-{fp_id}")


@pytest.mark.parametrize("mode", ["ignore", "min", "max"])
@pytest.mark.parametrize("ndim, fp_id", list(binary_cases()))
@pytest.mark.parametrize("mask", MASKS)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_morphology(name, mask, ndim, fp_id, mode):
    image = make_mask(mask, BINARY_SHAPES[ndim])
    before = image.copy()
    footprint = BINARY_FOOTPRINTS[ndim][fp_id]
    expected = BINARY[name](image, footprint, mode=mode)
    assert expected.dtype == bool
    assert_identical(under_test(f"morphology.{name}")(image, footprint, mode=mode), expected)
    assert_identical(image, before)
    if mode == "ignore":      # the default mode
        assert_identical(under_test(f"morphology.{name}")(image, footprint), expected)
        if fp_id == "default":
            assert_identical(under_test(f"morphology.{name}")(image), expected)


@pytest.mark.parametrize("mode", ["ignore", "min", "max"])
@pytest.mark.parametrize("shape", ["1x1", "1x1x1", "1x6", "5x1", "2x3"])
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_morphology_tiny_images(name, shape, mode):
    for kind in ("ones", "random50", "single_pixel"):
        image = make_mask(kind, TINY_SHAPES[shape])
        fp = NONSYM_3x5 if image.ndim == 2 else NONSYM_3x3x3
        for footprint in (None, fp):
            assert_identical(under_test(f"morphology.{name}")(image, footprint, mode=mode),
                             BINARY[name](image, footprint, mode=mode))


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "int32", "float64"])
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_morphology_non_bool_input(name, dtype):
    """Any nonzero value is True; the result is bool."""
    rng = np.random.default_rng(seed_of(name, dtype))
    image = (rng.integers(0, 2, (15, 16)) * rng.integers(1, 100, (15, 16))).astype(dtype)
    if dtype in ("int32", "float64"):
        image[3, :] *= -1
    if dtype == "float64":
        image[5, :] = 0.25
    expected = BINARY[name](image, NONSYM_EVEN_4x3)
    assert expected.dtype == bool
    assert_identical(under_test(f"morphology.{name}")(image, NONSYM_EVEN_4x3), expected)


@pytest.mark.parametrize("name", list(BINARY))
def test_binary_morphology_out(name):
    image = make_mask("random50", (14, 15))
    expected = BINARY[name](image, NONSYM_3x5, mode="min")
    func = under_test(f"morphology.{name}")
    out = np.zeros(image.shape, bool)
    result = func(image, NONSYM_3x5, out=out, mode="min")
    assert result is out
    assert_identical(out, expected)
    in_place = image.copy()
    result = func(in_place, NONSYM_3x5, out=in_place, mode="min")
    assert result is in_place
    assert_identical(in_place, expected)


@pytest.mark.parametrize("name", list(BINARY))
def test_binary_morphology_unsupported_mode(name):
    """skimage's binary functions accept only 'ignore', 'min' and 'max'."""
    with pytest.raises(ValueError):
        under_test(f"morphology.{name}")(make_mask("random50", (5, 5)), mode="reflect")


# The same functions against scipy.ndimage's binary morphology.
#
# scipy uses one `border_value` for every step, skimage one per mode:
#   mode='min'  == scipy border_value=0 for all four functions,
#   mode='max'  == scipy border_value=1 for all four functions,
#   mode='ignore': erosion == border_value=1, dilation == border_value=0, and
#     opening/closing mix the two (erosion step True, dilation step False), so
#     they equal no single scipy call: scipy's default binary_closing
#     (border_value=0) erodes objects touching the image border, skimage's
#     'ignore' closing does not; scipy's binary_opening with border_value=1
#     keeps objects growing in from the border, skimage's does not.
#     Those are compared with the explicit two-step composition.
# Even-sized footprints agree too: skimage pads them at the end, i.e. keeps
# scipy's centre n//2, and scipy's binary_dilation mirrors like skimage's.
def scipy_ignore_opening(image, structure):
    return ndi.binary_dilation(ndi.binary_erosion(image, structure, border_value=1), structure, border_value=0)


def scipy_ignore_closing(image, structure):
    return ndi.binary_erosion(ndi.binary_dilation(image, structure, border_value=0), structure, border_value=1)


SCIPY_BINARY = {
    ("binary_erosion", "min"): functools.partial(ndi.binary_erosion, border_value=0),
    ("binary_dilation", "min"): functools.partial(ndi.binary_dilation, border_value=0),
    ("binary_opening", "min"): functools.partial(ndi.binary_opening, border_value=0),
    ("binary_closing", "min"): functools.partial(ndi.binary_closing, border_value=0),
    ("binary_erosion", "max"): functools.partial(ndi.binary_erosion, border_value=1),
    ("binary_dilation", "max"): functools.partial(ndi.binary_dilation, border_value=1),
    ("binary_opening", "max"): functools.partial(ndi.binary_opening, border_value=1),
    ("binary_closing", "max"): functools.partial(ndi.binary_closing, border_value=1),
    ("binary_erosion", "ignore"): functools.partial(ndi.binary_erosion, border_value=1),
    ("binary_dilation", "ignore"): functools.partial(ndi.binary_dilation, border_value=0),
    ("binary_opening", "ignore"): scipy_ignore_opening,
    ("binary_closing", "ignore"): scipy_ignore_closing,
}


@pytest.mark.parametrize("ndim, fp_id", list(binary_cases()))
@pytest.mark.parametrize("mask", ["random05", "random50", "random90", "single_hole"])
@pytest.mark.parametrize("name, mode", list(SCIPY_BINARY), ids=[f"{n}-{m}" for n, m in SCIPY_BINARY])
def test_binary_morphology_vs_scipy(name, mode, mask, ndim, fp_id):
    image = make_mask(mask, BINARY_SHAPES[ndim])
    footprint = BINARY_FOOTPRINTS[ndim][fp_id]
    structure = ndi.generate_binary_structure(ndim, 1) if footprint is None else footprint
    expected = SCIPY_BINARY[name, mode](image, structure)
    assert_identical(under_test(f"morphology.{name}")(image, footprint, mode=mode), expected)


WIDE_FOOTPRINTS = {
    "disk3": skm.disk(3),
    "row_1x70": np.ones((1, 70), bool),            # a run longer than a 64-bit word
    "row_even_1x64": np.ones((1, 64), bool),
    "ring_disk40": skm.disk(40) & ~np.pad(skm.disk(38), 2),  # runs straddling words either side of the centre
    "nonsym_3x5": NONSYM_3x5,
    "ball2": skm.ball(2),
}


@pytest.mark.parametrize("width", [63, 64, 65, 129, 200])
@pytest.mark.parametrize("fp_id", list(WIDE_FOOTPRINTS))
@pytest.mark.parametrize("name, mode", list(SCIPY_BINARY), ids=[f"{n}-{m}" for n, m in SCIPY_BINARY])
def test_binary_morphology_rows_wider_than_a_word(name, mode, fp_id, width):
    """Rows packed 64 pixels to a word: widths around word multiples, runs
    longer than a word or reaching across several, in 2D and 3D."""
    footprint = WIDE_FOOTPRINTS[fp_id]
    shape = (5, 9, width) if footprint.ndim == 3 else (23, width)
    image = np.random.default_rng(width * 31 + len(fp_id)).random(shape) < 0.8
    expected = SCIPY_BINARY[name, mode](image, footprint)
    assert_identical(under_test(f"morphology.{name}")(image, footprint, mode=mode), expected)


# --------------------------------------------------------------------------
# 5. Bad input
# --------------------------------------------------------------------------

ALL_FUNCTIONS = ["filters.minimum", "filters.maximum"] + [f"morphology.{n}" for n in GREY] + \
                [f"morphology.{n}" for n in BINARY]


def call(name, image, footprint):
    func = under_test(name)
    return func(image, footprint=footprint)


BAD_FOOTPRINTS = {
    # id -> (footprint for a 2D image, does the reference raise ValueError too: filters/grey, binary)
    "empty_0x3": (np.ones((0, 3), bool), (True, False)),
    "all_zero": (np.zeros((3, 3), bool), (True, False)),
    "more_dims_than_image": (np.ones((3, 3, 3), bool), (False, False)),    # reference: RuntimeError
    "value_2": (np.array([[0, 2, 0], [1, 1, 1], [0, 1, 0]], np.uint8), (False, False)),   # reference: nonzero
    "value_minus_1": (np.array([[0, -1, 0], [1, 1, 1], [0, 1, 0]], np.int64), (False, False)),
    "value_0.5": (np.array([[0, 0.5, 0], [1, 1, 1], [0, 1, 0]]), (False, False)),
}


@pytest.mark.parametrize("case", list(BAD_FOOTPRINTS))
@pytest.mark.parametrize("name", ALL_FUNCTIONS)
def test_bad_footprint_raises_value_error(name, case):
    footprint, (ref_grey, ref_binary) = BAD_FOOTPRINTS[case]
    if REFERENCE and not (ref_binary if "binary" in name else ref_grey):
        pytest.skip("swiftbio-only: the reference accepts this footprint or raises another error")
    image = random_image((8, 9), "bool" if "binary" in name else "uint8", "bad")
    with pytest.raises(ValueError):
        call(name, image, footprint)


@swiftbio_only
@pytest.mark.parametrize("size", [0, -1, -3, (3, 0), (-2, 3), (0, 0)], ids=str)
@pytest.mark.parametrize("name", ["filters.minimum", "filters.maximum"])
def test_bad_size_raises_value_error(name, size):
    image = random_image((8, 9), "float32", "bad-size")
    with pytest.raises(ValueError):
        under_test(name)(image, size=size)


@pytest.mark.parametrize("name", ALL_FUNCTIONS)
def test_complex_image_raises_type_error(name):
    """scipy/skimage raise TypeError('Complex type not supported') too."""
    image = random_image((8, 9), "float64", "complex") * (1 + 1j)
    footprint = np.ones((3, 3), bool)
    with pytest.raises(TypeError):
        call(name, image, footprint)


# ---- 6. Rank and statistics filters, clean-up (against scipy / scikit-image) ------------------------

RANK_DTYPES = [np.uint8, np.uint16, np.int32, np.float32, np.float64]
RANK_SHAPES = [(1, 1), (7, 1), (23, 31), (6, 9, 11)]


def _rank_footprints(ndim, rng):
    cube = np.ones((3,) * ndim, bool)
    ragged = (rng.random((3,) * ndim) < 0.6) | (np.indices((3,) * ndim).sum(axis=0) == ndim)
    even = np.ones((2, 4) + (1,) * (ndim - 2), bool)
    return {"box3": cube, "ragged": ragged, "even2x4": even}


@pytest.mark.skipif(REFERENCE, reason="swiftbio's scipy-named rank filters")
@pytest.mark.parametrize("shape", RANK_SHAPES, ids=str)
@pytest.mark.parametrize("dtype", RANK_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("mode", ["reflect", "mirror", "nearest", "constant", "wrap"])
def test_rank_filters_match_scipy(shape, dtype, mode):
    from swiftbio import filters as sbf
    rng = np.random.default_rng(zlib.crc32(f"{shape}{dtype}{mode}".encode()))
    image = (rng.random(shape) * 200).astype(dtype)
    for name, fp in _rank_footprints(len(shape), rng).items():
        cases = [
            (sbf.median(image, footprint=fp, mode=mode, cval=7), ndi.median_filter(image, footprint=fp, mode=mode, cval=7)),
            (sbf.percentile(image, 30, footprint=fp, mode=mode), ndi.percentile_filter(image, 30, footprint=fp, mode=mode)),
            (sbf.percentile(image, -25, footprint=fp, mode=mode), ndi.percentile_filter(image, -25, footprint=fp, mode=mode)),
            (sbf.rank(image, -2, footprint=fp, mode=mode), ndi.rank_filter(image, -2, footprint=fp, mode=mode)),
            (sbf.rank(image, 1, size=3, mode=mode), ndi.rank_filter(image, 1, size=3, mode=mode)),
        ]
        for ours, reference in cases:
            assert ours.dtype == reference.dtype and np.array_equal(ours, reference), name


@pytest.mark.skipif(REFERENCE, reason="swiftbio's scipy-named rank filters")
@pytest.mark.parametrize("dtype", RANK_DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("mode", ["reflect", "mirror", "nearest", "constant", "wrap"])
def test_median_3x3_row_lengths(dtype, mode):
    """The 3x3 median's row loop runs over whole 64-byte blocks, then once
    more over the last block's worth: rows shorter than a block, of a block
    and one more, and several blocks and a few more."""
    from swiftbio import filters as sbf
    rng = np.random.default_rng(zlib.crc32(f"median3x3 {dtype} {mode}".encode()))
    for width in [2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 66, 129, 200]:
        image = (rng.random((5, width)) * 200).astype(dtype)
        expected = ndi.median_filter(image, size=3, mode=mode, cval=7)
        assert np.array_equal(sbf.median(image, size=3, mode=mode, cval=7), expected), width


@pytest.mark.skipif(REFERENCE, reason="swiftbio-only statistics filters")
@pytest.mark.parametrize("dtype", RANK_DTYPES, ids=lambda d: np.dtype(d).name)
def test_variance_and_std(dtype):
    from swiftbio import filters as sbf
    rng = np.random.default_rng(3)
    for shape in [(23, 31), (6, 9, 11)]:
        image = (rng.random(shape) * 5000).astype(dtype)
        values = image.astype(np.float64)
        reference = np.maximum(ndi.uniform_filter(values * values, 5) - ndi.uniform_filter(values, 5) ** 2, 0)
        scale = max(1.0, reference.max())
        np.testing.assert_allclose(sbf.variance(image, 5), reference, rtol=1e-5, atol=1e-5 * scale)
        np.testing.assert_allclose(sbf.std(image, 5), np.sqrt(reference), rtol=1e-5, atol=1e-5 * np.sqrt(scale))
        fp = np.indices((3,) * len(shape)).sum(axis=0) % 2 == 0
        weights = fp / fp.sum()
        reference = np.maximum(ndi.correlate(values * values, weights) - ndi.correlate(values, weights) ** 2, 0)
        np.testing.assert_allclose(sbf.variance(image, footprint=fp), reference, rtol=1e-5,
                                   atol=1e-5 * max(1.0, reference.max()))


@pytest.mark.skipif(REFERENCE, reason="compares swiftbio with scipy/scikit-image directly")
@pytest.mark.parametrize("shape", RANK_SHAPES, ids=str)
def test_fill_holes_and_small_objects(shape):
    from swiftbio import morphology as sbm
    rng = np.random.default_rng(zlib.crc32(str(shape).encode()))
    mask = rng.random(shape) < 0.6
    assert np.array_equal(sbm.binary_fill_holes(mask), ndi.binary_fill_holes(mask))
    full = np.ones((3,) * len(shape))
    assert np.array_equal(sbm.binary_fill_holes(mask, full), ndi.binary_fill_holes(mask, full))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for size in [0, 1, 2, 3, 10]:
            for c in range(1, len(shape) + 1):
                assert np.array_equal(sbm.remove_small_objects(mask, max_size=size, connectivity=c),
                                      skm.remove_small_objects(mask, max_size=size, connectivity=c))
                assert np.array_equal(sbm.remove_small_objects(mask, size, connectivity=c),
                                      skm.remove_small_objects(mask, size, connectivity=c))
                assert np.array_equal(sbm.remove_small_holes(mask, max_size=size, connectivity=c),
                                      skm.remove_small_holes(mask, max_size=size, connectivity=c))
            labels = mask.astype(np.int32) * 3
            assert np.array_equal(sbm.remove_small_objects(labels, max_size=size),
                                  skm.remove_small_objects(labels, max_size=size))


@pytest.mark.skipif(REFERENCE, reason="swiftbio-only error checks")
def test_rank_bad_arguments():
    from swiftbio import filters as sbf, morphology as sbm
    image = np.zeros((5, 6), np.uint8)
    with pytest.raises(ValueError, match="percentile"):
        sbf.percentile(image, 101, size=3)
    with pytest.raises(ValueError, match="rank"):
        sbf.rank(image, 9, size=3)
    with pytest.raises(TypeError, match="rank"):
        sbf.rank(image, 1.5, size=3)
    with pytest.raises(ValueError, match="structure"):
        sbm.binary_fill_holes(image, np.ones((5, 5)))
    with pytest.raises(TypeError):
        sbm.remove_small_objects(image.astype(np.float32))

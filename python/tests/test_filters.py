"""Linear filters against scipy.ndimage (and scikit-image's unsharp_mask)
on the same input converted to float64."""
import threading

import numpy as np
import pytest
import scipy.ndimage as ndi

import swiftbio
import swiftbio.io
from swiftbio import filters
from conftest import ALL_DTYPES, MODES, SHAPES, assert_matches, random_image


def per_axis(values, ndim):
    return tuple(values[:ndim]) if ndim == 2 else tuple(values[:3])


# Each case: name -> (swiftbio call, scipy reference), both taking (image, ndim, mode, cval).
CASES = {
    "gaussian": (lambda a, n, m, c: filters.gaussian(a, per_axis([1.3, 0.7, 2.1], n), mode=m, cval=c),
                 lambda a, n, m, c: ndi.gaussian_filter(a, per_axis([1.3, 0.7, 2.1], n), mode=m, cval=c)),
    "gaussian_order": (lambda a, n, m, c: filters.gaussian(a, 1.5, order=per_axis([1, 0, 2], n), mode=m, cval=c),
                       lambda a, n, m, c: ndi.gaussian_filter(a, 1.5, order=per_axis([1, 0, 2], n), mode=m, cval=c)),
    "gaussian_truncate": (lambda a, n, m, c: filters.gaussian(a, 2.0, truncate=2.5, mode=m, cval=c),
                          lambda a, n, m, c: ndi.gaussian_filter(a, 2.0, truncate=2.5, mode=m, cval=c)),
    "uniform": (lambda a, n, m, c: filters.uniform(a, per_axis([3, 4, 5], n), mode=m, cval=c),
                lambda a, n, m, c: ndi.uniform_filter(a, per_axis([3, 4, 5], n), mode=m, cval=c)),
    "uniform_origin": (lambda a, n, m, c: filters.uniform(a, 4, origin=per_axis([1, -2, 0], n), mode=m, cval=c),
                       lambda a, n, m, c: ndi.uniform_filter(a, 4, origin=per_axis([1, -2, 0], n), mode=m, cval=c)),
    "sobel_axis0": (lambda a, n, m, c: filters.sobel(a, axis=0, mode=m, cval=c),
                    lambda a, n, m, c: ndi.sobel(a, axis=0, mode=m, cval=c)),
    "sobel_axis_last": (lambda a, n, m, c: filters.sobel(a, axis=-1, mode=m, cval=c),
                        lambda a, n, m, c: ndi.sobel(a, axis=-1, mode=m, cval=c)),
    "sobel_magnitude": (lambda a, n, m, c: filters.sobel(a, mode=m, cval=c),
                        lambda a, n, m, c: np.sqrt(sum(ndi.sobel(a, axis=k, mode=m, cval=c) ** 2 for k in range(n)))),
    "prewitt_axis1": (lambda a, n, m, c: filters.prewitt(a, axis=1, mode=m, cval=c),
                      lambda a, n, m, c: ndi.prewitt(a, axis=1, mode=m, cval=c)),
    "prewitt_magnitude": (lambda a, n, m, c: filters.prewitt(a, mode=m, cval=c),
                          lambda a, n, m, c: np.sqrt(sum(ndi.prewitt(a, axis=k, mode=m, cval=c) ** 2
                                                         for k in range(n)))),
    "laplace": (lambda a, n, m, c: filters.laplace(a, mode=m, cval=c),
                lambda a, n, m, c: ndi.laplace(a, mode=m, cval=c)),
    "gaussian_laplace": (lambda a, n, m, c: filters.gaussian_laplace(a, per_axis([1.0, 1.5, 0.8], n), mode=m, cval=c),
                         lambda a, n, m, c: ndi.gaussian_laplace(a, per_axis([1.0, 1.5, 0.8], n), mode=m, cval=c)),
    "gaussian_gradient_magnitude": (
        lambda a, n, m, c: filters.gaussian_gradient_magnitude(a, 1.2, mode=m, cval=c),
        lambda a, n, m, c: ndi.gaussian_gradient_magnitude(a, 1.2, mode=m, cval=c)),
    "correlate": (lambda a, n, m, c: filters.correlate(a, np.linspace(-1, 2, 3 ** n).reshape((3,) * n), mode=m, cval=c),
                  lambda a, n, m, c: ndi.correlate(a, np.linspace(-1, 2, 3 ** n).reshape((3,) * n), mode=m, cval=c)),
    "correlate_even_origin": (
        lambda a, n, m, c: filters.correlate(a, np.arange(8.0).reshape((4, 2) + (1,) * (n - 2)),
                                             origin=per_axis([-2, 0, 0], n), mode=m, cval=c),
        lambda a, n, m, c: ndi.correlate(a, np.arange(8.0).reshape((4, 2) + (1,) * (n - 2)),
                                         origin=per_axis([-2, 0, 0], n), mode=m, cval=c)),
    "convolve": (lambda a, n, m, c: filters.convolve(a, np.arange(1.0, 1 + 2 * 3 ** (n - 1)).reshape((2,) + (3,) * (n - 1)),
                                                     origin=per_axis([0, 1, -1], n), mode=m, cval=c),
                 lambda a, n, m, c: ndi.convolve(a, np.arange(1.0, 1 + 2 * 3 ** (n - 1)).reshape((2,) + (3,) * (n - 1)),
                                                 origin=per_axis([0, 1, -1], n), mode=m, cval=c)),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_matches_scipy_all_modes(name, mode, shape):
    ours, reference = CASES[name]
    image = random_image(shape, np.float64, seed=len(name))
    for cval in (0.0, 2.5) if mode == "constant" else (0.0,):
        assert_matches(ours(image, image.ndim, mode, cval), reference(image, image.ndim, mode, cval), np.float64)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=lambda d: np.dtype(d).name)
def test_matches_scipy_all_dtypes(name, dtype):
    ours, reference = CASES[name]
    for shape in [(31, 45), (5, 12, 17)]:
        image = random_image(shape, dtype)
        before = image.copy()
        result = ours(image, image.ndim, "reflect", 0.0)
        assert result.dtype == (np.float64 if np.dtype(dtype) == np.float64 else np.float32)
        assert_matches(result, reference(image.astype(np.float64), image.ndim, "reflect", 0.0), dtype)
        np.testing.assert_array_equal(image, before)  # input untouched


@pytest.mark.parametrize("mode", MODES)
def test_large_kernel_on_small_image(mode):
    """Kernels far wider than the image exercise repeated reflections."""
    image = random_image((3, 4), np.float64)
    assert_matches(filters.gaussian(image, 5, mode=mode, cval=1.5),
                   ndi.gaussian_filter(image, 5, mode=mode, cval=1.5), np.float64)
    assert_matches(filters.uniform(image, 11, mode=mode, cval=1.5),
                   ndi.uniform_filter(image, 11, mode=mode, cval=1.5), np.float64)


def test_real_image():
    image = swiftbio.io.imread(swiftbio.data.path("img2d.tif"))
    reference = image.astype(np.float64)
    assert_matches(filters.gaussian(image, 2), ndi.gaussian_filter(reference, 2), np.uint16)
    assert_matches(filters.sobel(image, axis=0), ndi.sobel(reference, axis=0), np.uint16)
    assert_matches(filters.laplace(image), ndi.laplace(reference), np.uint16)


def test_zero_sigma_is_identity_and_skips_axes():
    image = random_image((9, 10), np.uint16)
    np.testing.assert_array_equal(filters.gaussian(image, 0), image.astype(np.float32))
    assert_matches(filters.gaussian(image, (0, 2)), ndi.gaussian_filter(image.astype(float), (0, 2)), np.uint16)


@pytest.mark.parametrize("dtype", [np.uint8, np.float32, np.float64])
@pytest.mark.parametrize("radius,amount", [(1.0, 1.0), (2.5, 0.7), ((1.0, 3.0), -0.5)])
def test_unsharp_mask_matches_scikit_image(dtype, radius, amount):
    skimage_filters = pytest.importorskip("skimage.filters")
    image = random_image((40, 37), dtype)
    if np.ndim(radius) == 0:
        reference = skimage_filters.unsharp_mask(image, radius=radius, amount=amount, preserve_range=True)
    else:  # per-axis radius: scikit-image's definition spelled out with scipy
        f = image.astype(np.float64)
        reference = f + amount * (f - ndi.gaussian_filter(f, radius, mode="reflect"))
    assert_matches(filters.unsharp_mask(image, radius, amount), reference, dtype)


def test_unsharp_mask_3d():
    image = random_image((6, 9, 8), np.uint16).astype(np.float64)
    reference = image + 2.0 * (image - ndi.gaussian_filter(image, 1.5, mode="reflect"))
    assert_matches(filters.unsharp_mask(image, 1.5, 2.0), reference, np.float64)


# ---- out= and in place -----------------------------------------------------

def test_out_is_returned_and_filled():
    image = random_image((12, 13), np.uint16)
    out = np.full(image.shape, np.nan, dtype=np.float32)
    result = filters.gaussian(image, 1, out=out)
    assert result is out
    assert_matches(out, ndi.gaussian_filter(image.astype(float), 1), np.uint16)


def test_out_float64_computes_in_double():
    image = random_image((12, 13), np.uint16)
    out = np.empty(image.shape, np.float64)
    filters.gaussian(image, 1, out=out)
    np.testing.assert_allclose(out, ndi.gaussian_filter(image.astype(float), 1), rtol=1e-12)


@pytest.mark.parametrize("call", [
    lambda a, out: filters.sobel(a, out=out),
    lambda a, out: filters.gaussian(a, 2, out=out),
    lambda a, out: filters.unsharp_mask(a, 2, out=out),
    lambda a, out: filters.laplace(a, out=out),
    lambda a, out: filters.correlate(a, np.ones((3, 3)), out=out),
], ids=["sobel", "gaussian", "unsharp", "laplace", "correlate"])
def test_in_place(call):
    image = random_image((33, 35), np.float32)
    expected = call(image, None)
    result = call(image, image)
    assert result is image
    np.testing.assert_array_equal(image, expected)


@pytest.mark.parametrize("out,error", [
    (np.empty((12, 13), np.float16), TypeError),
    (np.empty((12, 13), np.uint16), TypeError),
    (np.empty((13, 12), np.float32), ValueError),
    (np.empty((12, 26), np.float32)[:, ::2], ValueError),
    ([[0.0]], TypeError),
])
def test_bad_out(out, error):
    with pytest.raises(error, match="out"):
        filters.gaussian(np.zeros((12, 13), np.uint8), 1, out=out)


def test_read_only_out():
    out = np.empty((4, 4), np.float32)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="writable"):
        filters.laplace(np.zeros((4, 4)), out=out)


def test_non_contiguous_input_is_accepted():
    base = random_image((20, 30), np.float32)
    view = base[::2, ::3]
    assert_matches(filters.gaussian(view, 1), ndi.gaussian_filter(view.astype(float), 1), np.float32)
    big_endian = base.astype(">f4")
    assert_matches(filters.sobel(big_endian), filters.sobel(base).astype(float), np.float32)


# ---- bad input -------------------------------------------------------------

@pytest.mark.parametrize("image,error,message", [
    (np.zeros(5), ValueError, "2D or 3D"),
    (np.zeros((2, 2, 2, 2)), ValueError, "2D or 3D"),
    (np.zeros((0, 5)), ValueError, "empty"),
    (np.zeros((4, 4), np.int64), TypeError, "unsupported dtype"),
    (np.zeros((4, 4), np.float16), TypeError, "unsupported dtype"),
    (np.zeros((4, 4), np.complex64), TypeError, "unsupported dtype"),
    (np.array([["a", "b"]]), TypeError, "unsupported dtype"),
])
def test_bad_images(image, error, message):
    with pytest.raises(error, match=message):
        filters.gaussian(image, 1)


@pytest.mark.parametrize("kwargs,error,message", [
    (dict(sigma=-1), ValueError, "sigma"),
    (dict(sigma=np.nan), ValueError, "sigma"),
    (dict(sigma=np.inf), ValueError, "sigma"),
    (dict(sigma=(1, 2, 3)), ValueError, "sigma"),
    (dict(sigma="a"), TypeError, "sigma"),
    (dict(sigma=1, truncate=0), ValueError, "truncate"),
    (dict(sigma=1, truncate=np.nan), ValueError, "truncate"),
    (dict(sigma=1, order=-1), ValueError, "order"),
    (dict(sigma=1, order=1.5), TypeError, "order"),
    (dict(sigma=1, mode="bogus"), ValueError, "mode"),
    (dict(sigma=1e9), ValueError, "too large"),
])
def test_bad_gaussian_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        filters.gaussian(np.zeros((4, 5), np.float32), **kwargs)


@pytest.mark.parametrize("call,error,message", [
    (lambda a: filters.uniform(a, 0), ValueError, "size"),
    (lambda a: filters.uniform(a, -3), ValueError, "size"),
    (lambda a: filters.uniform(a, 3, origin=2), ValueError, "origin"),
    (lambda a: filters.sobel(a, axis=2), ValueError, "axis"),
    (lambda a: filters.sobel(a, axis=1.0), TypeError, "axis"),
    (lambda a: filters.correlate(a, np.ones(3)), ValueError, "dimensions"),
    (lambda a: filters.correlate(a, np.ones((3, 0))), ValueError, "empty"),
    (lambda a: filters.correlate(a, [[1, np.nan]]), ValueError, "finite"),
    (lambda a: filters.correlate(a, np.ones((3, 3)), origin=(2, 0)), ValueError, "origin"),
    (lambda a: filters.convolve(a, np.ones((3, 3)), origin=(0, -2)), ValueError, "origin"),
    (lambda a: filters.unsharp_mask(a, 1, np.inf), ValueError, "amount"),
    (lambda a: filters.gaussian_laplace(a, -1), ValueError, "sigma"),
])
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call(np.zeros((6, 7), np.float32))


def test_core_rechecks_arguments():
    """The extension checks what reaches the engine, whatever Python passed."""
    from swiftbio import _core
    image = np.zeros((4, 4), np.float32)
    out = np.empty((4, 4), np.float32)
    with pytest.raises(ValueError, match="contiguous"):
        _core.laplace(np.zeros((4, 8), np.float32)[:, ::2], out, 0, 0.0)
    with pytest.raises(ValueError, match="2D or 3D"):
        _core.laplace(np.zeros(4, np.float32), out, 0, 0.0)
    with pytest.raises(TypeError, match="format"):
        _core.laplace(np.zeros((4, 4), np.int64), out, 0, 0.0)
    with pytest.raises(TypeError, match="float32 or float64"):
        _core.laplace(image, np.empty((4, 4), np.uint8), 0, 0.0)
    with pytest.raises(ValueError, match="shape"):
        _core.laplace(image, np.empty((4, 5), np.float32), 0, 0.0)
    with pytest.raises(ValueError, match="mode"):
        _core.laplace(image, out, 17, 0.0)
    with pytest.raises(ValueError, match="sigma"):
        _core.gaussian(image, out, (1.0,), (0, 0), 4.0, 0, 0.0)
    with pytest.raises(ValueError, match="sigma"):
        _core.gaussian(image, out, (-1.0, 1.0), (0, 0), 4.0, 0, 0.0)
    read_only = np.empty((4, 4), np.float32)
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="writable"):
        _core.laplace(image, read_only, 0, 0.0)


# ---- threads ---------------------------------------------------------------

def test_results_do_not_depend_on_thread_count():
    image = random_image((8, 300, 301), np.uint16)
    with swiftbio.num_threads(1):
        one = filters.gaussian(image, 2)
        assert swiftbio.get_num_threads() == 1
    two = filters.gaussian(image, 2)
    np.testing.assert_array_equal(one, two)


def test_concurrent_python_threads():
    """The GIL is released: several Python threads call kernels at once and
    each gets its own correct result (and its own error messages)."""
    images = [random_image((200, 211), np.float32, seed=s) for s in range(6)]
    expected = [filters.gaussian(im, 1.5) for im in images]
    results, errors = [None] * 6, []

    def work(i):
        try:
            for _ in range(5):
                results[i] = filters.gaussian(images[i], 1.5)
                with pytest.raises(ValueError, match="sigma"):
                    filters.gaussian(images[i], -1)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for r, e in zip(results, expected):
        np.testing.assert_array_equal(r, e)


@pytest.mark.parametrize("mode", MODES)
def test_large_3d_uses_every_thread_and_matches_scipy(mode):
    """Images big enough to run in parallel bands, planes and strips."""
    image = random_image((9, 150, 1100), np.float32)
    reference = image.astype(np.float64)
    with swiftbio.num_threads(2):
        assert_matches(filters.gaussian(image, (1.0, 2.0, 1.5), mode=mode),
                       ndi.gaussian_filter(reference, (1.0, 2.0, 1.5), mode=mode), np.float32)
        assert_matches(filters.sobel(image, mode=mode),
                       np.sqrt(sum(ndi.sobel(reference, axis=k, mode=mode) ** 2 for k in range(3))), np.float32)
        assert_matches(filters.laplace(image, mode=mode), ndi.laplace(reference, mode=mode), np.float32)
        assert_matches(filters.gaussian_gradient_magnitude(image.astype(np.uint16), 1.5, mode=mode),
                       ndi.gaussian_gradient_magnitude(image.astype(np.uint16).astype(float), 1.5, mode=mode),
                       np.uint16)


def test_large_2d_strips_match_scipy():
    image = random_image((300, 5000), np.float64)
    with swiftbio.num_threads(2):
        assert_matches(filters.gaussian(image, 6), ndi.gaussian_filter(image, 6), np.float64)
        assert_matches(filters.uniform(image.astype(np.uint8), (7, 31)),
                       ndi.uniform_filter(image.astype(np.uint8).astype(float), (7, 31)), np.uint8)

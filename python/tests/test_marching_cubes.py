"""``swiftbio.measure.marching_cubes`` against
``skimage.measure.marching_cubes`` (Lewiner and Lorensen).

Vertices (float32, same order), faces, normals and values must be equal,
bit for bit, also where the engine's parallel slabs meet. Random volumes of every volume dtype, odd sizes down to
2×2×2, levels, step sizes, masks, both gradient directions, spacing and
``allow_degenerate=False``; single cubes of all 256 sign patterns with
random values (every ambiguous sub-case); the bundled real nuclei volume
(surface area within 1e-6); thread-count independence; bad input.
"""
import numpy as np
import pytest
from skimage.measure import marching_cubes as ski_marching_cubes
from skimage.measure import mesh_surface_area as ski_area

import swiftbio
from swiftbio.measure import marching_cubes, mesh_surface_area


def assert_same_mesh(result, expected):
    names = ("verts", "faces", "normals", "values")
    for name, r, e in zip(names, result, expected):
        assert r.shape == e.shape, (name, r.shape, e.shape)
        assert r.dtype == e.dtype, (name, r.dtype, e.dtype)
    np.testing.assert_array_equal(result[0], expected[0])
    np.testing.assert_array_equal(result[1], expected[1])
    np.testing.assert_array_equal(result[2], expected[2])
    np.testing.assert_array_equal(result[3], expected[3])


def check(volume, **kw):
    try:
        expected = ski_marching_cubes(volume, **kw)
    except RuntimeError:
        with pytest.raises(RuntimeError, match="No surface"):
            marching_cubes(volume, **kw)
        return None
    result = marching_cubes(volume, **kw)
    assert_same_mesh(result, expected)
    return result


def random_volume(rng, shape, dtype):
    if dtype == np.bool_:
        return rng.random(shape) > 0.5
    if np.issubdtype(dtype, np.integer):
        return rng.integers(0, 5, shape).astype(dtype)
    return rng.normal(size=shape).astype(dtype)


@pytest.mark.parametrize("dtype", [np.bool_, np.uint8, np.uint16, np.int16, np.int32, np.uint32,
                                   np.int64, np.float32, np.float64])
def test_random_volumes(dtype):
    rng = np.random.default_rng(7)
    for it in range(40):
        shape = tuple(int(s) for s in rng.integers(2, 13, 3))
        volume = random_volume(rng, shape, dtype)
        lo, hi = float(volume.min()), float(volume.max())
        kw = {}
        if it % 2:
            kw["level"] = lo + (hi - lo) * float(rng.random())
        if it % 3 == 1:
            kw["step_size"] = int(rng.integers(1, 4))
        if it % 4 == 2:
            kw["gradient_direction"] = "ascent"
        if it % 5 == 3:
            kw["mask"] = rng.random(shape) > 0.3
        if it % 6 == 4:
            kw["method"] = "lorensen"
        if it % 7 == 5:
            kw["allow_degenerate"] = False
        if it % 8 == 6:
            kw["spacing"] = tuple(float(s) for s in rng.random(3) + 0.5)
        check(volume, **kw)


def test_every_sign_pattern_and_sub_case():
    # One cube per sign pattern, several random magnitudes each: the
    # ambiguous cases (3, 4, 6, 7, 10, 12, 13) take every face and interior
    # test outcome.
    rng = np.random.default_rng(1)
    for index in range(1, 255):
        signs = np.array([(index >> k) & 1 for k in range(8)], bool)
        for _ in range(6):
            magnitude = rng.random(8) + 0.01
            corners = np.where(signs, magnitude, -magnitude).astype(np.float32)
            # Paper corner k at (x, y, z); the volume is indexed [z, y, x].
            cube = np.empty((2, 2, 2), np.float32)
            for k, (x, y, z) in enumerate([(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0),
                                           (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)]):
                cube[z, y, x] = corners[k]
            check(cube, level=0.0)
            check(cube, level=0.0, method="lorensen")


def test_smooth_volume_large_enough_for_several_slabs():
    rng = np.random.default_rng(3)
    z, y, x = np.mgrid[:67, :45, :53].astype(np.float32)
    volume = np.sin(x / 4.1 + rng.random()) + np.cos(y / 3.3) * np.sin(z / 5.2) + 0.1 * rng.random(x.shape)
    for step in (1, 2):
        result = check(volume.astype(np.float32), level=0.2, step_size=step)
        assert len(result[1]) > 1000


def test_real_nuclei_volume():
    volume = swiftbio.io.imread(swiftbio.data.path("img3d.tif"))
    level = float(np.percentile(volume, 90))
    for spacing in [(1.0, 1.0, 1.0), (2.0, 0.5, 0.5)]:
        result = check(volume, level=level, spacing=spacing)
        expected = ski_marching_cubes(volume, level=level, spacing=spacing)
        area = mesh_surface_area(result[0], result[1])
        reference = ski_area(expected[0].astype(np.float64), expected[1])
        np.testing.assert_allclose(area, reference, rtol=1e-6)
    check(volume)  # default level


@pytest.mark.parametrize("threads", [1, 2])
def test_equal_across_slab_boundaries(threads):
    # Volumes deep enough for several slabs: vertices on the planes where
    # slabs meet are merged and their normal sums replayed in scan order.
    swiftbio.set_num_threads(threads)
    rng = np.random.default_rng(11)
    # (Slabs: up to 16 of at least 8 cube layers, once there are 2^15 cubes.)
    for shape in [(70, 33, 29), (129, 23, 15), (45, 40, 31)]:
        check(rng.normal(size=shape).astype(np.float32), level=0.0)
    check(rng.integers(0, 4, (130, 60, 40)).astype(np.uint8), level=1.5, step_size=2)
    volume = np.tile(swiftbio.io.imread(swiftbio.data.path("img3d.tif")), (2, 1, 1))
    check(volume, level=float(np.percentile(volume, 90)))


def test_independent_of_thread_count():
    rng = np.random.default_rng(5)
    volume = rng.normal(size=(70, 33, 29)).astype(np.float32)
    swiftbio.set_num_threads(1)
    one = marching_cubes(volume, 0.1)
    swiftbio.set_num_threads(2)
    two = marching_cubes(volume, 0.1)
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)


def test_input_not_modified_and_views_accepted():
    rng = np.random.default_rng(2)
    volume = rng.normal(size=(9, 11, 13))
    before = volume.copy()
    view = volume.transpose(2, 0, 1)[::-1]
    check(view, level=0.0)
    np.testing.assert_array_equal(volume, before)
    # Byte-swapped volumes read as their values.
    assert_same_mesh(marching_cubes(volume.astype(">f8"), 0.0), ski_marching_cubes(volume, 0.0))


def test_sphere_area():
    z, y, x = np.mgrid[-20:21, -20:21, -20:21]
    volume = np.sqrt(x ** 2 + y ** 2 + z ** 2).astype(np.float32)
    verts, faces, normals, values = marching_cubes(volume, 15.0)
    area = mesh_surface_area(verts, faces)
    assert abs(area - 4 * np.pi * 15 ** 2) < 0.01 * 4 * np.pi * 15 ** 2
    # Normals point from high to low values (descent): towards the centre.
    centre = np.array([20, 20, 20], np.float32)
    assert np.all(np.einsum("ij,ij->i", normals, centre - verts) > 0)
    np.testing.assert_allclose(np.linalg.norm(normals, axis=1), 1, atol=1e-6)


def test_mask_of_any_dtype_means_nonzero():
    rng = np.random.default_rng(4)
    volume = rng.normal(size=(9, 10, 11)).astype(np.float32)
    mask = rng.random(volume.shape) > 0.4
    expected = ski_marching_cubes(volume, 0.0, mask=mask)
    for as_dtype in (np.uint8, np.int32, np.float64):
        assert_same_mesh(marching_cubes(volume, 0.0, mask=mask.astype(as_dtype) * 3), expected)


def test_step_larger_than_the_volume_finds_no_surface():
    volume = np.random.default_rng(6).normal(size=(4, 5, 6))
    with pytest.raises(RuntimeError, match="No surface"):
        ski_marching_cubes(volume, 0.0, step_size=7)
    with pytest.raises(RuntimeError, match="No surface"):
        marching_cubes(volume, 0.0, step_size=7)


def test_no_surface_raises_runtime_error():
    with pytest.raises(RuntimeError, match="No surface"):
        marching_cubes(np.ones((4, 4, 4)))
    with pytest.raises(RuntimeError, match="No surface"):
        marching_cubes(np.arange(64.0).reshape(4, 4, 4), level=10.0, mask=np.zeros((4, 4, 4), bool))


@pytest.mark.parametrize("volume, kw, error, match", [
    (np.zeros((4, 4)), {}, ValueError, "3D"),
    (np.zeros((4, 4, 4, 4)), {}, ValueError, "3D"),
    (np.zeros((1, 4, 4)), {}, ValueError, "2x2x2"),
    (np.full((3, 3, 3), np.nan), {}, ValueError, "NaN or infinite"),
    (np.arange(27.0).reshape(3, 3, 3), {"level": 30.0}, ValueError, "within volume data range"),
    (np.arange(27.0).reshape(3, 3, 3), {"level": -1.0}, ValueError, "within volume data range"),
    (np.arange(27.0).reshape(3, 3, 3), {"spacing": (1.0, 1.0)}, ValueError, "spacing"),
    (np.arange(27.0).reshape(3, 3, 3), {"spacing": (1.0, 0.0, 1.0)}, ValueError, "spacing"),
    (np.arange(27.0).reshape(3, 3, 3), {"step_size": 0}, ValueError, "step_size"),
    (np.arange(27.0).reshape(3, 3, 3), {"gradient_direction": "up"}, ValueError, "gradient_direction"),
    (np.arange(27.0).reshape(3, 3, 3), {"method": "dual"}, ValueError, "method"),
    (np.arange(27.0).reshape(3, 3, 3), {"mask": np.ones((3, 3), bool)}, ValueError, "same shape"),
    (np.zeros((3, 3, 3), complex), {}, TypeError, "real numbers"),
])
def test_bad_input(volume, kw, error, match):
    with pytest.raises(error, match=match):
        marching_cubes(volume, **kw)

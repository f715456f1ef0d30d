"""``swiftbio.measure.mesh_surface_area`` against scikit-image's
``skimage.measure.mesh_surface_area`` on meshes scikit-image's marching
cubes makes (a sphere, the bundled real nuclei volume with anisotropic
spacing) and on random meshes; within ``rtol=1e-12`` (the engine sums the
faces in blocks, numpy pairwise). swiftbio always computes in double
precision; scikit-image computes in the vertices' own type (float32 for its
marching cubes' output, integer vertices in integers, which can overflow),
so the reference gets float64 vertices and float32 input is compared within
float32 precision. Bad input raises a clear error.
"""
import numpy as np
import pytest
from skimage.measure import marching_cubes, mesh_surface_area as ski_area

import swiftbio
from swiftbio.measure import mesh_surface_area


def check(verts, faces):
    expected = ski_area(np.asarray(verts, dtype=np.float64), faces)
    result = mesh_surface_area(verts, faces)
    assert isinstance(result, float)
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=0)
    if np.asarray(verts).dtype == np.float32:
        np.testing.assert_allclose(result, ski_area(verts, faces), rtol=1e-5)


def test_sphere():
    grid = np.mgrid[-20:21, -20:21, -20:21].astype(float)
    volume = np.sqrt((grid ** 2).sum(axis=0))
    verts, faces, _, _ = marching_cubes(volume, level=15.0)
    check(verts, faces)
    assert abs(mesh_surface_area(verts, faces) - 4 * np.pi * 15 ** 2) < 0.01 * 4 * np.pi * 15 ** 2


def test_real_nuclei_volume_with_spacing():
    volume = swiftbio.io.imread(swiftbio.data.path("img3d.tif")).astype(float)
    verts, faces, _, _ = marching_cubes(volume, level=float(np.percentile(volume, 90)), spacing=(2.0, 0.5, 0.5))
    assert len(faces) > 10000
    check(verts, faces)
    check(verts.astype(np.float32), faces)


@pytest.mark.parametrize("vdtype", ["float64", "float32", "int32"])
@pytest.mark.parametrize("fdtype", ["int64", "int32", "uint16"])
def test_random_meshes(vdtype, fdtype):
    rng = np.random.default_rng(sum(map(ord, vdtype + fdtype)))
    for vertices, count in [(1, 1), (3, 1), (50, 7), (1000, 10007)]:
        verts = (rng.normal(0, 50, (vertices, 3))).astype(vdtype)
        faces = rng.integers(0, vertices, (count, 3)).astype(fdtype)
        check(verts, faces)


def test_negative_indices_count_from_the_end():
    rng = np.random.default_rng(5)
    verts = rng.random((20, 3))
    faces = rng.integers(-20, 20, (64, 3))
    check(verts, faces)


def test_no_faces_and_degenerate_faces():
    verts = np.random.default_rng(6).random((4, 3))
    assert mesh_surface_area(verts, np.zeros((0, 3), np.int64)) == 0.0 == ski_area(verts, np.zeros((0, 3), np.int64))
    assert mesh_surface_area(verts, np.array([[1, 1, 1], [0, 2, 2]])) == 0.0
    assert mesh_surface_area(np.zeros((0, 3)), np.zeros((0, 3), np.int64)) == 0.0


def test_non_contiguous_inputs():
    rng = np.random.default_rng(7)
    verts = rng.random((100, 6))[:, ::2]
    faces = rng.integers(0, 100, (300, 3))[::3]
    check(verts, faces)


def test_unit_shapes():
    verts = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    assert mesh_surface_area(verts, np.array([[0, 1, 2]])) == 0.5
    assert mesh_surface_area(verts, np.array([[1, 2, 3]])) == pytest.approx(np.sqrt(3) / 2, rel=1e-15)


@pytest.mark.parametrize("verts, faces, error, message", [
    (np.zeros((4, 2)), np.zeros((1, 3), int), ValueError, "verts must have shape"),
    (np.zeros(12), np.zeros((1, 3), int), ValueError, "verts must have shape"),
    (np.zeros((4, 3)), np.zeros((1, 4), int), ValueError, "faces must have shape"),
    (np.zeros((4, 3)), np.zeros(3, int), ValueError, "faces must have shape"),
    (np.zeros((4, 3)), np.zeros((1, 3)), TypeError, "faces must be integer"),
    (np.zeros((4, 3), complex), np.zeros((1, 3), int), TypeError, "verts must be real"),
    (np.zeros((4, 3)), np.array([[0, 1, 4]]), ValueError, "face vertex indices"),
    (np.zeros((4, 3)), np.array([[0, 1, -5]]), ValueError, "face vertex indices"),
    (np.zeros((0, 3)), np.array([[0, 0, 0]]), ValueError, "face vertex indices"),
    (np.zeros((4, 3)), np.array([[0, 1, 2**40]], np.uint64), ValueError, "face vertex indices"),
])
def test_bad_input(verts, faces, error, message):
    with pytest.raises(error, match=message):
        mesh_surface_area(verts, faces)

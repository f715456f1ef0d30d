import numpy as np
import pytest

import swiftbio

ALL_DTYPES = [np.bool_, np.uint8, np.uint16, np.int32, np.uint32, np.float32, np.float64]
MODES = ["reflect", "mirror", "nearest", "constant", "wrap"]
# 2D and 3D, odd sizes, single pixels and single lines.
SHAPES = [(1, 1), (1, 7), (6, 1), (17, 23), (64, 67), (1, 1, 1), (3, 1, 5), (7, 9, 11), (20, 1, 33)]


def random_image(shape, dtype, seed=0):
    """Random values spanning a useful part of `dtype`'s range."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.random(shape) < 0.4
    if dtype.kind == "f":
        return (rng.standard_normal(shape) * 50).astype(dtype)
    high = min(np.iinfo(dtype).max, 60000)
    return rng.integers(0, high, size=shape).astype(dtype)


def assert_matches(result, reference, dtype_in):
    """Within 1e-5 relative to the reference's magnitude (float32 output)
    or 1e-12 (float64 output); the reference is computed in float64."""
    reference = np.asarray(reference, dtype=np.float64)
    assert result.shape == reference.shape
    tolerance = 1e-12 if result.dtype == np.float64 else 1e-5
    scale = max(1.0, float(np.abs(reference).max()))
    np.testing.assert_allclose(result, reference, rtol=tolerance, atol=tolerance * scale)


@pytest.fixture(autouse=True)
def _restore_threads():
    yield
    swiftbio.set_num_threads(None)

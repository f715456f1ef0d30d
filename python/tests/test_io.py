"""swiftbio.io (TIFF) against tifffile, in both directions, plus bad input,
failed writes, key= selection and a fuzz run of corrupted files.

tifffile needs `imagecodecs` to write LZW and PackBits and to read LZW; where
it is missing, the small pure-Python codecs below are registered with
tifffile for this module (checked against libtiff by the round trips).
Everything that could crash the interpreter runs in a subprocess.
"""
import ctypes
import ctypes.util
import json
import os
import pathlib
import signal
import struct
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import tifffile

import swiftbio
from swiftbio import data, io

DTYPES = [np.bool_, np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.float32, np.float64]
DTYPE_IDS = [np.dtype(d).name for d in DTYPES]
COMPRESSIONS = [None, "lzw", "zlib", "deflate", "packbits"]
# What read_metadata calls each compression.
COMPRESSION_NAME = {None: "none", "lzw": "lzw", "zlib": "deflate", "deflate": "deflate", "packbits": "packbits"}
TIFF_CODE = {"lzw": 5, "zlib": 8, "deflate": 32946, "packbits": 32773}
READ_ERRORS = (OSError, ValueError)
SHARED_NUCLEI = pathlib.Path(__file__).resolve().parents[3] / "shared" / "data" / "nuclei3d_c5image.tif"


def random_array(shape, dtype, seed=0):
    """Values over the whole range of `dtype` (floats: signed, with fractions)."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return rng.random(shape) < 0.4
    if dtype.kind == "f":
        return (rng.standard_normal(shape) * 1000).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)


def assert_same(got, expected):
    assert isinstance(got, np.ndarray)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert np.array_equal(got, expected)


def leftovers(directory, keep=()):
    """Files in `directory` other than `keep` (temporary files included)."""
    return sorted(set(os.listdir(directory)) - set(keep))


def assert_names_file(error, path):
    assert os.path.basename(os.fspath(path)) in str(error), f"message does not name the file: {error}"


# ---- pure-Python TIFF codecs for tifffile without imagecodecs -----------------------------------

def _as_bytes(buffer):
    if isinstance(buffer, np.ndarray):
        return np.ascontiguousarray(buffer).tobytes()
    return bytes(buffer)


def lzw_encode(buffer, **kwargs):
    """TIFF LZW as libtiff writes it: MSB first, 9-12 bit codes, early change."""
    buffer = _as_bytes(buffer)
    out = bytearray()
    state = {"acc": 0, "bits": 0, "width": 9, "next": 258}
    table = {bytes([i]): i for i in range(256)}

    def put(code):
        state["acc"] = (state["acc"] << state["width"]) | code
        state["bits"] += state["width"]
        while state["bits"] >= 8:
            state["bits"] -= 8
            out.append((state["acc"] >> state["bits"]) & 0xFF)
        state["acc"] &= (1 << state["bits"]) - 1

    def entry_added():
        state["next"] += 1
        if state["next"] > 4094:
            put(256)
            table.clear()
            table.update({bytes([i]): i for i in range(256)})
            state["next"], state["width"] = 258, 9
        elif state["next"] > (1 << state["width"]) - 1:
            state["width"] += 1

    put(256)
    word = b""
    for i in range(len(buffer)):
        byte = buffer[i:i + 1]
        candidate = word + byte
        if candidate in table:
            word = candidate
            continue
        put(table[word])
        table[candidate] = state["next"]
        entry_added()
        word = byte
    if word:
        put(table[word])
        entry_added()
    put(257)
    if state["bits"]:
        out.append((state["acc"] << (8 - state["bits"])) & 0xFF)
    return bytes(out)


def lzw_decode(buffer, out=None, **kwargs):
    buffer = _as_bytes(buffer)
    result = bytearray()
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width, previous, acc, bits, pos = 9, None, 0, 0, 0
    while True:
        while bits < width and pos < len(buffer):
            acc = (acc << 8) | buffer[pos]
            pos += 1
            bits += 8
        if bits < width:
            break
        bits -= width
        code = (acc >> bits) & ((1 << width) - 1)
        acc &= (1 << bits) - 1
        if code == 257:
            break
        if code == 256:
            del table[258:]
            width, previous = 9, None
            continue
        if previous is None:
            entry = table[code]
        else:
            entry = table[code] if code < len(table) else previous + previous[:1]
            table.append(previous + entry[:1])
            if len(table) >= (1 << width) - 1 and width < 12:
                width += 1
        result += entry
        previous = entry
    return bytes(result)


def packbits_encode(buffer, **kwargs):
    buffer = _as_bytes(buffer)
    out = bytearray()
    i, n = 0, len(buffer)
    while i < n:
        j = i
        while j + 1 < n and buffer[j + 1] == buffer[i] and j - i < 127:
            j += 1
        if j > i:  # a run of j - i + 1 equal bytes
            out += bytes([257 - (j - i + 1), buffer[i]])
            i = j + 1
            continue
        j = i + 1  # literals, up to two equal bytes
        while j < n and j - i < 128 and not (j + 1 < n and buffer[j] == buffer[j + 1]):
            j += 1
        out.append(j - i - 1)
        out += buffer[i:j]
        i = j
    return bytes(out)


def _tifffile_has(table, code):
    try:
        table[code]
        return True
    except (KeyError, NotImplementedError, ImportError):
        return False


@pytest.fixture(scope="module", autouse=True)
def _tifffile_codecs():
    added = []
    for table, code, codec in [(tifffile.TIFF.COMPRESSORS, 5, lzw_encode),
                               (tifffile.TIFF.DECOMPRESSORS, 5, lzw_decode),
                               (tifffile.TIFF.COMPRESSORS, 32773, packbits_encode)]:
        registry = getattr(table, "_codecs", None)
        if not _tifffile_has(table, code) and isinstance(registry, dict):
            registry[code] = codec
            added.append((registry, code))
    yield
    for registry, code in added:
        registry.pop(code, None)


def need_tifffile_codec(compression, write):
    if compression is None:
        return
    table = tifffile.TIFF.COMPRESSORS if write else tifffile.TIFF.DECOMPRESSORS
    if not _tifffile_has(table, TIFF_CODE[compression]):
        pytest.skip(f"tifffile cannot {'write' if write else 'read'} {compression} here")


def test_pure_python_codecs_round_trip():
    packbits_decode = pytest.importorskip("tifffile._imagecodecs").packbits_decode
    rng = np.random.default_rng(1)
    for raw in [b"", b"a", b"ab" * 3000, bytes(20000), rng.integers(0, 4, 60000, dtype=np.uint8).tobytes(),
                rng.integers(0, 256, 30000, dtype=np.uint8).tobytes()]:
        assert lzw_decode(lzw_encode(raw)) == raw
        assert packbits_decode(packbits_encode(raw)) == raw


# ---- 1. tifffile -> swiftbio --------------------------------------------------------------------

def check_read(path, reference=None):
    """swiftbio reads `path` exactly as tifffile does; returns the metadata."""
    expected = tifffile.imread(path) if reference is None else reference
    got = io.imread(path)
    assert_same(got, expected)
    meta = io.read_metadata(path)
    assert meta.shape == expected.shape
    assert meta.dtype == expected.dtype
    with tifffile.TiffFile(path) as tif:
        assert meta.pages == len(tif.pages)
        assert meta.bigtiff == tif.is_bigtiff
        assert meta.tiled == tif.pages[0].is_tiled
    return meta


TIFFFILE_LAYOUTS = {
    "2d": ((37, 53), {}),
    "stack": ((4, 37, 53), {}),
    "4d": ((2, 3, 21, 19), {}),
    "strips": ((2, 37, 53), {"rowsperstrip": 5}),
    "tiled": ((37, 53), {"tile": (16, 16)}),
    "tiled_stack": ((3, 37, 53), {"tile": (16, 32)}),
    "bigtiff": ((3, 37, 53), {"bigtiff": True}),
    "bigendian": ((3, 37, 53), {"byteorder": ">"}),
}


@pytest.mark.parametrize("layout", list(TIFFFILE_LAYOUTS))
@pytest.mark.parametrize("compression", COMPRESSIONS, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_read_tifffile(tmp_path, dtype, compression, layout):
    need_tifffile_codec(compression, write=True)
    shape, options = TIFFFILE_LAYOUTS[layout]
    array = random_array(shape, dtype)
    path = tmp_path / "a.tif"
    tifffile.imwrite(path, array, compression=compression, photometric="minisblack", **options)
    if dtype == np.bool_ and "tile" in options:
        # 1-bit tiles are refused by design; they must fail cleanly.
        try:
            assert_same(io.imread(path), array)
        except READ_ERRORS as error:
            assert_names_file(error, path)
        return
    meta = check_read(path, reference=array)
    assert meta.compression == COMPRESSION_NAME[compression]
    assert meta.page_shape == shape[-2:]


@pytest.mark.parametrize("compression", ["lzw", "zlib", "deflate"])
@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32], ids=str)
def test_read_tifffile_horizontal_predictor(tmp_path, dtype, compression):
    need_tifffile_codec(compression, write=True)
    array = random_array((3, 37, 53), dtype) // 3  # some correlation
    path = tmp_path / "p.tif"
    tifffile.imwrite(path, array, compression=compression, predictor=True, photometric="minisblack")
    check_read(path, reference=array)


RGB_LAYOUTS = {
    "rgb": ((37, 53, 3), dict(photometric="rgb")),
    "rgba": ((37, 53, 4), dict(photometric="rgb", extrasamples=["unassalpha"])),
    "rgb_stack": ((3, 37, 53, 3), dict(photometric="rgb")),
    "planar": ((3, 37, 53), dict(photometric="rgb", planarconfig="separate")),
    "planar_stack": ((2, 3, 37, 53), dict(photometric="rgb", planarconfig="separate")),
    "rgb_tiled": ((37, 53, 3), dict(photometric="rgb", tile=(16, 16))),
    "planar_tiled": ((3, 37, 53), dict(photometric="rgb", planarconfig="separate", tile=(16, 16))),
    "rgb_bigtiff": ((2, 37, 53, 3), dict(photometric="rgb", bigtiff=True)),
}


@pytest.mark.parametrize("layout", list(RGB_LAYOUTS))
@pytest.mark.parametrize("compression", COMPRESSIONS, ids=str)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16], ids=str)
def test_read_tifffile_rgb(tmp_path, dtype, compression, layout):
    need_tifffile_codec(compression, write=True)
    shape, options = RGB_LAYOUTS[layout]
    array = random_array(shape, dtype)
    path = tmp_path / "rgb.tif"
    tifffile.imwrite(path, array, compression=compression, **options)
    meta = check_read(path, reference=array)
    planar = options.get("planarconfig") == "separate"
    samples = shape[-3] if planar else shape[-1]
    assert meta.page_shape == ((samples, 37, 53) if planar else (37, 53, samples))
    assert meta.axes.endswith("SYX" if planar else "YXS")


IMAGEJ_SHAPES = {"YX": (37, 53), "ZYX": (4, 37, 53), "CYX": (3, 37, 53), "TYX": (3, 21, 19),
                 "ZCYX": (4, 2, 21, 19), "TZYX": (2, 3, 21, 19), "TZCYX": (2, 3, 2, 21, 19)}


@pytest.mark.parametrize("axes", list(IMAGEJ_SHAPES))
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32], ids=str)
def test_read_tifffile_imagej(tmp_path, dtype, axes):
    array = random_array(IMAGEJ_SHAPES[axes], dtype)
    path = tmp_path / "ij.tif"
    # x 0.25, y 0.5, z 1.75 (all exact in binary: any swap shows)
    tifffile.imwrite(path, array, imagej=True, resolution=(1 / 0.25, 1 / 0.5),
                     metadata={"axes": axes, "spacing": 1.75, "unit": "um"})
    meta = check_read(path, reference=array)
    assert meta.imagej and not meta.ome
    assert meta.axes == axes
    assert meta.unit == "um"
    expected = (1.75, 0.5, 0.25) if "Z" in axes else (0.5, 0.25)
    assert meta.spacing == pytest.approx(expected, rel=1e-6)
    assert meta.spacing_xyz[:2] == pytest.approx((0.25, 0.5), rel=1e-6)
    if "Z" in axes:
        assert meta.spacing_xyz[2] == pytest.approx(1.75)


def test_read_tifffile_imagej_rgb_and_escaped_micron(tmp_path):
    array = random_array((3, 37, 53, 3), np.uint8)
    path = tmp_path / "ijrgb.tif"
    tifffile.imwrite(path, array, imagej=True, photometric="rgb", resolution=(1 / 0.3, 1 / 0.3),
                     metadata={"axes": "ZYXS", "spacing": 2.5, "unit": "\\u00B5m"})
    meta = check_read(path, reference=array)
    assert meta.axes == "ZYXS"
    assert meta.unit == "µm"
    assert meta.spacing == pytest.approx((2.5, 0.3, 0.3), rel=1e-6)


def test_read_tifffile_imagej_single_ifd_hyperstack(tmp_path):
    """ImageJ writes files over 4 GiB with one IFD and all images after it
    (images= in the description); tifffile's truncate=True does the same.
    Reading must give the whole stack, or fail: never silently one image."""
    array = random_array((4, 37, 53), np.uint16)
    path = tmp_path / "ij_truncated.tif"
    tifffile.imwrite(path, array, imagej=True, truncate=True, metadata={"axes": "ZYX"})
    assert tifffile.imread(path).shape == array.shape
    try:
        got = io.imread(path)
    except READ_ERRORS as error:
        assert_names_file(error, path)
        return
    assert_same(got, array)


OME_SHAPES = {"ZYX": (4, 37, 53), "CYX": (3, 37, 53), "ZCYX": (3, 2, 21, 19), "TZCYX": (2, 3, 2, 21, 19),
              "YXS": (37, 53, 3), "TYXS": (2, 37, 53, 3)}


@pytest.mark.parametrize("axes", list(OME_SHAPES))
def test_read_tifffile_ome(tmp_path, axes):
    rgb = axes.endswith("S")
    array = random_array(OME_SHAPES[axes], np.uint8 if rgb else np.uint16)
    path = tmp_path / "a.ome.tif"
    tifffile.imwrite(path, array, ome=True, photometric="rgb" if rgb else "minisblack",
                     metadata={"axes": axes, "PhysicalSizeX": 0.25, "PhysicalSizeY": 0.5, "PhysicalSizeZ": 1.75})
    meta = check_read(path, reference=array)
    assert meta.ome and not meta.imagej
    assert meta.axes == axes
    assert meta.spacing == pytest.approx((1.75, 0.5, 0.25) if "Z" in axes else (0.5, 0.25))
    assert meta.unit in ("µm", "um")


@pytest.mark.parametrize("unit,scale", [("CENTIMETER", 1e4), ("MILLIMETER", None), ("NONE", 1.0)])
def test_read_tifffile_resolution_units(tmp_path, unit, scale):
    array = random_array((37, 53), np.uint16)
    path = tmp_path / "res.tif"
    try:
        tifffile.imwrite(path, array, resolution=(40.0, 20.0), resolutionunit=unit, photometric="minisblack")
    except (ValueError, KeyError, AttributeError):
        pytest.skip(f"tifffile has no resolution unit {unit}")
    meta = check_read(path, reference=array)
    if scale is None:
        return  # other units: only the pixels matter
    assert meta.spacing == pytest.approx((scale / 20.0, scale / 40.0), rel=1e-6)
    if unit == "CENTIMETER":
        assert meta.unit in ("µm", "um")


def test_read_tifffile_jpeg_imagecodecs(tmp_path):
    pytest.importorskip("imagecodecs")
    y, x = np.mgrid[0:37, 0:53]
    array = np.stack([y * 6, x * 4, (x + y) * 3], -1).astype(np.uint8)
    path = tmp_path / "jpeg.tif"
    tifffile.imwrite(path, array, photometric="rgb", compression="jpeg")
    expected = tifffile.imread(path)
    got = io.imread(path)
    assert got.shape == expected.shape and got.dtype == np.uint8
    assert np.abs(got.astype(int) - expected).max() <= 2
    assert io.read_metadata(path).compression == "jpeg"


def test_read_jpeg_rgb_pillow(tmp_path):
    """JPEG RGB (photometric RGB) through Pillow's libtiff, where imagecodecs is missing."""
    Image = pytest.importorskip("PIL.Image")
    features = pytest.importorskip("PIL.features")
    if not features.check("libtiff"):
        pytest.skip("Pillow without libtiff")
    y, x = np.mgrid[0:37, 0:53]
    array = np.stack([y * 6, x * 4, (x + y) * 3], -1).astype(np.uint8)
    for name, image in [("rgb", array), ("gray", array[..., 0])]:
        path = tmp_path / f"{name}.tif"
        Image.fromarray(image).save(path, compression="jpeg", quality=95)
        with Image.open(path) as opened:
            expected = np.asarray(opened)
        got = io.imread(path)
        assert got.shape == expected.shape and got.dtype == np.uint8
        assert np.abs(got.astype(int) - expected).max() <= 1
        assert np.abs(got.astype(float) - image).mean() < 4
        assert io.read_metadata(path).compression == "jpeg"


def write_ycbcr_jpeg(path, rgb, tile=None, rows_per_strip=16):
    """RGB uint8 as JPEG with photometric YCbCr (2x2 subsampling), through the system libtiff."""
    name = ctypes.util.find_library("tiff")
    if name is None:
        pytest.skip("no system libtiff")
    lib = ctypes.CDLL(name)
    lib.TIFFOpen.restype = ctypes.c_void_p
    lib.TIFFOpen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.TIFFClose.argtypes = [ctypes.c_void_p]
    lib.TIFFSetField.restype = ctypes.c_int
    for function in (lib.TIFFWriteEncodedStrip, lib.TIFFWriteEncodedTile):
        function.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_ssize_t]
        function.restype = ctypes.c_ssize_t
    height, width, _ = rgb.shape
    tif = lib.TIFFOpen(os.fspath(path).encode(), b"w")
    assert tif
    try:
        def field(tag, value):
            assert lib.TIFFSetField(ctypes.c_void_p(tif), ctypes.c_uint32(tag), ctypes.c_int(value)) == 1, tag
        # width, length, bits, samples, planar contig, JPEG, YCbCr, JPEG quality, JPEG color mode RGB
        for tag, value in [(256, width), (257, height), (258, 8), (277, 3), (284, 1), (259, 7), (262, 6),
                           (65537, 95), (65538, 1)]:
            field(tag, value)
        if tile:
            field(322, tile[1])
            field(323, tile[0])
            index = 0
            for y0 in range(0, height, tile[0]):
                for x0 in range(0, width, tile[1]):
                    buffer = np.zeros(tile + (3,), np.uint8)
                    part = rgb[y0:y0 + tile[0], x0:x0 + tile[1]]
                    buffer[:part.shape[0], :part.shape[1]] = part
                    assert lib.TIFFWriteEncodedTile(ctypes.c_void_p(tif), index, buffer.ctypes.data, buffer.nbytes) >= 0
                    index += 1
        else:
            field(278, rows_per_strip)
            for strip, y0 in enumerate(range(0, height, rows_per_strip)):
                buffer = np.ascontiguousarray(rgb[y0:y0 + rows_per_strip])
                assert lib.TIFFWriteEncodedStrip(ctypes.c_void_p(tif), strip, buffer.ctypes.data, buffer.nbytes) >= 0
    finally:
        lib.TIFFClose(ctypes.c_void_p(tif))


@pytest.mark.parametrize("tile", [None, (16, 16)], ids=["strips", "tiles"])
def test_read_jpeg_ycbcr(tmp_path, tile):
    if sys.platform != "linux":
        pytest.skip("variadic ctypes calls are only trusted on Linux")
    Image = pytest.importorskip("PIL.Image")
    y, x = np.mgrid[0:37, 0:53]
    array = np.stack([y * 6, x * 4, (x + y) * 3], -1).astype(np.uint8)
    path = tmp_path / "ycbcr.tif"
    write_ycbcr_jpeg(path, array, tile=tile)
    with tifffile.TiffFile(path) as tif:
        assert tif.pages[0].photometric == 6
    got = io.imread(path)
    assert got.shape == (37, 53, 3) and got.dtype == np.uint8
    assert np.abs(got.astype(float) - array).mean() < 4
    with Image.open(path) as opened:
        expected = np.asarray(opened.convert("RGB"))
    assert np.abs(got.astype(int) - expected).max() <= 2
    meta = io.read_metadata(path)
    assert meta.compression == "jpeg" and meta.page_shape == (37, 53, 3) and meta.tiled == bool(tile)


def test_read_pages_of_different_shapes(tmp_path):
    """A file whose pages differ (three tifffile series): without a key the
    first series comes back, as tifffile returns it; key= reads any page."""
    path = tmp_path / "mixed.tif"
    pages = [random_array((37, 53), np.uint16, 1), random_array((20, 21), np.uint16, 2),
             random_array((37, 53), np.uint8, 3)]
    with tifffile.TiffWriter(path) as writer:
        for page in pages:
            writer.write(page, photometric="minisblack")
    assert_same(io.imread(path), tifffile.imread(path))
    assert_same(io.imread(path, key=0), pages[0])
    assert_same(io.imread(path, key=1), pages[1])
    assert_same(io.imread(path, key=2), pages[2])


# ---- 2. swiftbio -> tifffile --------------------------------------------------------------------

WRITE_LAYOUTS = {
    "2d": ((37, 53), {}),
    "3d": ((4, 37, 53), {}),
    "4d": ((2, 3, 21, 19), {}),
    "4d_unit_axis": ((1, 3, 21, 19), {}),
    "5d": ((2, 2, 3, 21, 19), {}),
    "rgb": ((37, 53, 3), {"axes": "YXS"}),
    "rgba_stack": ((2, 37, 53, 4), {"axes": "ZYXS"}),
    "tiled": ((37, 53), {"tile": (16, 16)}),
    "tiled_3d": ((3, 37, 53), {"tile": (16, 32)}),
    "tiled_rgb": ((37, 53, 3), {"axes": "YXS", "tile": (32, 16)}),
    "bigtiff": ((3, 37, 53), {"bigtiff": True}),
    "bigtiff_tiled": ((2, 37, 53), {"bigtiff": True, "tile": (16, 16)}),
    "single_pixel": ((1, 1), {}),
    "single_row": ((1, 300), {}),
}


@pytest.mark.parametrize("dtype,compression,layout", [
    pytest.param(dtype, compression, layout, id=f"{np.dtype(dtype).name}-{compression}-{layout}")
    for dtype in DTYPES for compression in COMPRESSIONS for layout, (_, options) in WRITE_LAYOUTS.items()
    if not (dtype == np.bool_ and ("tile" in options or "axes" in options))])  # bool: no tiles, no samples
def test_write_read_back(tmp_path, dtype, compression, layout):
    shape, options = WRITE_LAYOUTS[layout]
    array = random_array(shape, dtype)
    path = tmp_path / "w.tif"
    io.imwrite(path, array, compression=compression, **options)
    assert leftovers(tmp_path) == ["w.tif"]
    # swiftbio reads its own file
    assert_same(io.imread(path), array)
    meta = io.read_metadata(path)
    assert meta.shape == shape and meta.dtype == array.dtype
    assert meta.compression == COMPRESSION_NAME[compression]
    assert meta.bigtiff == bool(options.get("bigtiff"))
    assert meta.tiled == ("tile" in options)
    # tifffile reads it
    need_tifffile_codec(compression, write=False)
    assert_same(tifffile.imread(path), array)
    with tifffile.TiffFile(path) as tif:
        assert tif.is_bigtiff == bool(options.get("bigtiff"))
        assert not tif.is_imagej
        page = tif.pages[0]
        assert page.is_tiled == ("tile" in options)
        if "tile" in options:
            assert (page.tilelength, page.tilewidth) == options["tile"]
        if compression is not None:
            assert page.compression in (TIFF_CODE[compression], 8 if compression == "deflate" else -1)


@pytest.mark.parametrize("shape,imagej", [((5, 4, 4), False), ((2, 10, 10), False), ((3, 10, 10), False),
                                          ((5, 4, 4), True), ((2, 12, 12), True)])
def test_write_small_stacks_read_by_tifffile(tmp_path, shape, imagej):
    """Stacks of small pages: tifffile takes pixel data that fits between the
    first IFD and the second for one contiguous block (as tifffile and ImageJ
    write them), so it must be laid out that way."""
    array = random_array(shape, np.uint8)
    path = tmp_path / "small.tif"
    io.imwrite(path, array, imagej=imagej)
    assert_same(io.imread(path), array)
    assert_same(tifffile.imread(path), array)


IMAGEJ_WRITE = {
    "YX": ((37, 53), (0.5, 0.25)),
    "ZYX": ((4, 37, 53), (1.75, 0.5, 0.25)),
    "CYX": ((3, 37, 53), (0.5, 0.25)),
    "TYX": ((3, 21, 19), (0.5, 0.25)),
    "ZCYX": ((4, 2, 21, 19), (1.75, 0.5, 0.25)),
    "TZCYX": ((2, 3, 2, 21, 19), (1.75, 0.5, 0.25)),
    "YXS": ((37, 53, 3), (0.5, 0.25)),
    "ZYXS": ((3, 37, 53, 3), (1.75, 0.5, 0.25)),
}


@pytest.mark.parametrize("dtype,axes,compression", [
    pytest.param(dtype, axes, compression, id=f"{np.dtype(dtype).name}-{axes}-{compression}")
    for dtype in [np.uint8, np.uint16, np.float32] for axes in IMAGEJ_WRITE for compression in [None, "deflate"]
    if dtype == np.uint8 or not axes.endswith("S")])  # ImageJ RGB is uint8
def test_write_imagej(tmp_path, dtype, axes, compression):
    shape, spacing = IMAGEJ_WRITE[axes]
    array = random_array(shape, dtype)
    path = tmp_path / "ij.tif"
    io.imwrite(path, array, imagej=True, axes=axes, spacing=spacing, unit="um", compression=compression)
    assert leftovers(tmp_path) == ["ij.tif"]
    assert_same(tifffile.imread(path), array)
    with tifffile.TiffFile(path) as tif:
        assert tif.is_imagej and not tif.is_bigtiff
        assert tif.series[0].axes == axes
        metadata = tif.imagej_metadata
        assert metadata["unit"] == "um"
        if "Z" in axes:
            assert metadata["spacing"] == pytest.approx(spacing[0])
        page = tif.pages[0]
        x_resolution = page.tags["XResolution"].value
        y_resolution = page.tags["YResolution"].value
        assert x_resolution[0] / x_resolution[1] == pytest.approx(1 / spacing[-1], rel=1e-6)
        assert y_resolution[0] / y_resolution[1] == pytest.approx(1 / spacing[-2], rel=1e-6)
    assert_same(io.imread(path), array)
    meta = io.read_metadata(path)
    assert meta.imagej and meta.axes == axes and meta.unit == "um"
    assert meta.spacing == pytest.approx(spacing, rel=1e-6)


def test_write_imagej_drops_unit_axes(tmp_path):
    array = random_array((1, 3, 2, 21, 19), np.uint16)
    path = tmp_path / "ij.tif"
    io.imwrite(path, array, imagej=True, axes="TZCYX", spacing=(2.0, 0.5, 0.5))
    assert_same(io.imread(path), array[0])
    assert_same(tifffile.imread(path), array[0])
    assert io.read_metadata(path).axes == "ZCYX"


@pytest.mark.parametrize("shape,axes", [((4, 37, 53), "ZYX"), ((2, 3, 21, 19), "ZCYX"), ((2, 2, 3, 9, 7), "TZCYX"),
                                        ((6, 5, 4), "ZYX")])
def test_write_imagej_pixel_data_contiguous(tmp_path, shape, axes):
    """ImageJ (ij.io.TiffDecoder) reads only the first IFD of a file whose
    description says images=N, then reads the N images one after the other
    from the first strip offset: an uncompressed hyperstack must hold all
    pixel data in one contiguous block, as ImageJ and tifffile write it."""
    array = random_array(shape, np.uint16)
    path = tmp_path / "ij.tif"
    io.imwrite(path, array, imagej=True, axes=axes)
    with tifffile.TiffFile(path) as tif:
        assert tif.is_imagej
        order = "<" if tif.byteorder == "<" else ">"
        first = tif.pages[0].dataoffsets[0]
    as_imagej_reads_it = np.fromfile(path, dtype=order + "u2", count=array.size, offset=first)
    assert np.array_equal(as_imagej_reads_it.reshape(shape), array)


@pytest.mark.parametrize("unit", ["um", "µm", "micron"])
def test_write_spacing_2d_micrometres(tmp_path, unit):
    array = random_array((37, 53), np.uint16)
    path = tmp_path / "s.tif"
    io.imwrite(path, array, spacing=(0.5, 0.25), unit=unit)
    with tifffile.TiffFile(path) as tif:
        page = tif.pages[0]
        assert page.tags["ResolutionUnit"].value == 3  # centimetre
        x_resolution = page.tags["XResolution"].value
        y_resolution = page.tags["YResolution"].value
        assert x_resolution[0] / x_resolution[1] == pytest.approx(1e4 / 0.25, rel=1e-6)
        assert y_resolution[0] / y_resolution[1] == pytest.approx(1e4 / 0.5, rel=1e-6)
    meta = io.read_metadata(path)
    assert meta.spacing == pytest.approx((0.5, 0.25), rel=1e-6)
    assert meta.unit in ("µm", "um")
    assert_same(io.imread(path), array)


def test_write_scalar_spacing(tmp_path):
    path = tmp_path / "s.tif"
    io.imwrite(path, random_array((3, 21, 19), np.uint8), spacing=0.3, imagej=True)
    assert io.read_metadata(path).spacing == pytest.approx((0.3, 0.3, 0.3), rel=1e-6)


@pytest.mark.parametrize("axes,shape,spacing,unit", [
    ("ZYX", (4, 21, 19), (2.0, 0.5, 0.25), "um"),
    ("YX", (21, 19), (0.5, 0.25), "nm"),
    ("ZYX", (4, 21, 19), (3.0, 1.5, 1.25), "nm"),
    ("ZCYX", (3, 2, 21, 19), (2.0, 0.5, 0.25), "um"),
])
def test_write_spacing_round_trip_without_imagej(tmp_path, axes, shape, spacing, unit):
    """What imwrite was told (spacing, unit) is what read_metadata reports
    for swiftbio's own non-ImageJ files."""
    path = tmp_path / "s.tif"
    array = random_array(shape, np.uint16)
    io.imwrite(path, array, axes=axes, spacing=spacing, unit=unit)
    assert_same(io.imread(path), array)
    meta = io.read_metadata(path)
    assert meta.spacing == pytest.approx(spacing, rel=1e-6)
    assert meta.unit in ({unit, "µm"} if unit == "um" else {unit})


@pytest.mark.parametrize("axes,shape", [("ZYX", (4, 21, 19)), ("TYX", (3, 21, 19)), ("CZYX", (2, 3, 21, 19)),
                                        ("TZCYX", (2, 2, 2, 9, 7))])
def test_write_axes_round_trip_without_imagej(tmp_path, axes, shape):
    path = tmp_path / "a.tif"
    io.imwrite(path, random_array(shape, np.uint8), axes=axes)
    assert io.read_metadata(path).axes == axes


def test_write_overwrites_existing_file(tmp_path):
    path = tmp_path / "o.tif"
    io.imwrite(path, random_array((50, 60), np.uint16, 1))
    array = random_array((3, 21, 19), np.float32, 2)
    io.imwrite(path, array, compression="deflate")
    assert_same(io.imread(path), array)
    assert leftovers(tmp_path) == ["o.tif"]


def test_write_large_parallel_strips(tmp_path):
    """Pages of several strips: parallel deflate, parallel decoding."""
    array = random_array((1100, 1200), np.uint16) // 16
    for compression in [None, "deflate", "lzw", "packbits"]:
        path = tmp_path / f"big_{compression}.tif"
        io.imwrite(path, array, compression=compression)
        assert_same(io.imread(path), array)
        if compression != "lzw":  # (the pure-Python LZW decoder is slow on 2.6 MB)
            assert_same(tifffile.imread(path), array)
    tiled = tmp_path / "tiled.tif"
    tifffile.imwrite(tiled, array, tile=(128, 128), compression="zlib", photometric="minisblack")
    assert_same(io.imread(tiled), array)
    swiftbio.set_num_threads(1)
    assert_same(io.imread(tiled), array)
    assert_same(io.imread(tmp_path / "big_deflate.tif"), array)


def test_threads_read_and_write_concurrently(tmp_path):
    stack = random_array((12, 120, 130), np.uint8)
    shared = tmp_path / "shared.tif"
    tifffile.imwrite(shared, stack, compression="zlib", tile=(32, 32), photometric="minisblack")

    def job(i):
        path = tmp_path / f"t{i}.tif"
        array = np.roll(stack, i, axis=0)
        io.imwrite(path, array, compression=[None, "deflate", "lzw", "packbits"][i % 4])
        return all(np.array_equal(io.imread(path), array) and np.array_equal(io.imread(shared), stack)
                   for _ in range(2))

    with ThreadPoolExecutor(6) as pool:
        assert all(pool.map(job, range(12)))
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


# ---- 3. key= -------------------------------------------------------------------------------------

@pytest.fixture
def stack_file(tmp_path):
    array = random_array((6, 21, 19), np.uint16)
    path = tmp_path / "stack.tif"
    tifffile.imwrite(path, array, photometric="minisblack", compression="zlib")
    return path, array


KEYS = [0, 5, -1, -6, np.int64(2), slice(1, 4), slice(None, None, -2), slice(4, None), slice(4, 2), range(2, 5),
        range(5, -1, -2), [0, 3, 3, 1], (1, 2), np.array([4, 0]), [2], []]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_key(stack_file, key):
    path, array = stack_file
    got = io.imread(path, key=key)
    pages = np.stack([tifffile.imread(path, key=i) for i in range(len(array))])
    assert np.array_equal(pages, array)
    if isinstance(key, (int, np.integer)):
        assert_same(got, pages[key])
        assert_same(got, tifffile.imread(path, key=int(key)))
    else:
        index = list(range(len(array))[key]) if isinstance(key, slice) else [int(k) for k in key]
        assert_same(got, pages[index].reshape((len(index),) + array.shape[1:]))
        if len(index) > 1:
            assert_same(got, tifffile.imread(path, key=key))


@pytest.mark.parametrize("key", [6, -7, 100, [0, 6], range(4, 8), [7]], ids=repr)
def test_key_out_of_range(stack_file, key):
    path, _ = stack_file
    with pytest.raises(IndexError):
        io.imread(path, key=key)


@pytest.mark.parametrize("key", [1.5, True, "a", object(), [0.5]], ids=repr)
def test_key_bad_type(stack_file, key):
    path, _ = stack_file
    with pytest.raises((TypeError, ValueError)):
        io.imread(path, key=key)


def test_key_on_hyperstack_rgb_and_single_page(tmp_path):
    hyper = random_array((2, 3, 2, 21, 19), np.uint16)
    path = tmp_path / "h.tif"
    io.imwrite(path, hyper, imagej=True)
    pages = hyper.reshape(-1, 21, 19)
    assert_same(io.imread(path, key=7), pages[7])
    assert_same(io.imread(path, key=-1), pages[-1])
    assert_same(io.imread(path, key=slice(2, 11, 3)), pages[2:11:3])
    rgb = random_array((4, 21, 19, 3), np.uint8)
    path = tmp_path / "rgb.tif"
    tifffile.imwrite(path, rgb, photometric="rgb")
    assert_same(io.imread(path, key=2), rgb[2])
    assert_same(io.imread(path, key=[3, 1]), rgb[[3, 1]])
    planar = random_array((3, 3, 21, 19), np.uint16)
    path = tmp_path / "planar.tif"
    tifffile.imwrite(path, planar, photometric="rgb", planarconfig="separate")
    assert_same(io.imread(path, key=1), planar[1])
    single = random_array((21, 19), np.float32)
    path = tmp_path / "single.tif"
    io.imwrite(path, single)
    assert_same(io.imread(path, key=0), single)
    assert_same(io.imread(path, key=-1), single)
    assert_same(io.imread(path, key=slice(None)), single[None])
    with pytest.raises(IndexError):
        io.imread(path, key=1)


# ---- 4. real files --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["img2d.tif", "mask2d.tif", "img3d.tif", "mask3d.tif"])
def test_bundled_files(name):
    path = data.path(name)
    meta = check_read(path)
    assert meta.pages == (1 if "2d" in name else 31)
    assert_same(io.imread(path, key=0), tifffile.imread(path, key=0))


def test_shared_nuclei_volume():
    if not SHARED_NUCLEI.exists():
        pytest.skip(f"{SHARED_NUCLEI} not present")
    meta = check_read(SHARED_NUCLEI)
    assert meta.dtype == np.float32 and len(meta.shape) == 3
    assert_same(io.imread(SHARED_NUCLEI, key=range(10, 20)), tifffile.imread(SHARED_NUCLEI, key=range(10, 20)))


# ---- 5. bad input ---------------------------------------------------------------------------------

def assert_read_fails(path):
    for function in (io.read_metadata, io.imread):
        with pytest.raises(READ_ERRORS) as info:
            function(path)
        assert_names_file(info.value, path)


def test_read_missing_file(tmp_path):
    path = tmp_path / "missing_file.tif"
    assert_read_fails(path)
    with pytest.raises(OSError):  # FileNotFoundError or a plain OSError
        io.imread(path)


def test_read_directory(tmp_path):
    path = tmp_path / "folder.tif"
    path.mkdir()
    assert_read_fails(path)


def test_read_text_and_empty_files(tmp_path):
    text = tmp_path / "text_file.tif"
    text.write_text("this is not a TIFF\n" * 20)
    assert_read_fails(text)
    empty = tmp_path / "empty_file.tif"
    empty.write_bytes(b"")
    assert_read_fails(empty)
    for header in [b"II", b"II*\x00", b"II*\x00\x08\x00\x00", b"MM\x00*", b"II+\x00\x08\x00\x00\x00"]:
        short = tmp_path / "short_header.tif"
        short.write_bytes(header)
        assert_read_fails(short)


def damaged_file_problems(path, expected):
    """What is wrong with reading a damaged copy of a file holding `expected`.

    imread must raise OSError/ValueError naming the file (MemoryError where a
    corrupted size asks for too much) or return exactly `expected`: never a
    smaller or different array without an error. read_metadata may raise
    too; where both succeed they agree on the shape.
    """
    problems = []
    meta = None
    try:
        meta = io.read_metadata(path)
    except MemoryError:
        pass
    except READ_ERRORS as error:
        if path.name not in str(error):
            problems.append(f"read_metadata: message does not name the file: {error}")
    try:
        result = io.imread(path)
    except MemoryError:
        return problems
    except READ_ERRORS as error:
        if path.name not in str(error):
            problems.append(f"imread: message does not name the file: {error}")
        return problems
    if result.shape != expected.shape or result.dtype != expected.dtype:
        problems.append(f"imread: no error, {result.dtype} {result.shape} instead of {expected.dtype} {expected.shape}")
    elif not np.array_equal(result, expected):
        problems.append("imread: no error, wrong values")
    if meta is not None and meta.shape != result.shape:
        problems.append(f"read_metadata: shape {meta.shape}, imread: {result.shape}")
    return problems


def _truncation_sources(tmp_path):
    array = random_array((4, 37, 53), np.uint16)
    sources = {}
    sources["tifffile_stack"] = tmp_path / "src_tifffile_stack.tif"
    tifffile.imwrite(sources["tifffile_stack"], array, photometric="minisblack")
    sources["tifffile_zlib_stack"] = tmp_path / "src_tifffile_zlib.tif"
    tifffile.imwrite(sources["tifffile_zlib_stack"], array, photometric="minisblack", compression="zlib")
    sources["swiftbio_stack"] = tmp_path / "src_swiftbio_stack.tif"
    io.imwrite(sources["swiftbio_stack"], array)
    sources["swiftbio_imagej"] = tmp_path / "src_swiftbio_imagej.tif"
    io.imwrite(sources["swiftbio_imagej"], array, imagej=True, compression="deflate")
    sources["tifffile_2d"] = tmp_path / "src_tifffile_2d.tif"
    tifffile.imwrite(sources["tifffile_2d"], array[0], photometric="minisblack")
    sources["tifffile_tiled"] = tmp_path / "src_tifffile_tiled.tif"
    tifffile.imwrite(sources["tifffile_tiled"], array[0], photometric="minisblack", tile=(16, 16))
    return sources, array


@pytest.mark.parametrize("source", ["tifffile_stack", "tifffile_zlib_stack", "swiftbio_stack", "swiftbio_imagej",
                                    "tifffile_2d", "tifffile_tiled"])
def test_read_truncated_copies(tmp_path, source):
    """A truncated copy fails (OSError/ValueError naming the file) or, where
    only bytes nobody needs are gone, reads as the original: it never comes
    back as fewer pages without an error."""
    sources, array = _truncation_sources(tmp_path)
    original = sources[source].read_bytes()
    expected = array if "stack" in source or "imagej" in source else array[0]
    size = len(original)
    points = sorted({0, 1, 4, 7, 8, 9, 20, 100, size // 10, size // 4, size // 3, size // 2,
                     2 * size // 3, 3 * size // 4, 9 * size // 10, size - 300, size - 100})
    problems = []
    for n in points:
        path = tmp_path / f"cut_{n}.tif"
        path.write_bytes(original[:n])
        problems += [f"{n} of {size} bytes, {problem}" for problem in damaged_file_problems(path, expected)]
    assert not problems, "\n".join(problems)


def _corruptions(tmp_path):
    """Named corrupted copies of a 3-page int16 file (tifffile layout: IFD at 8)."""
    array = random_array((3, 37, 53), np.int16)
    path = tmp_path / "corrupt_source.tif"
    tifffile.imwrite(path, array, photometric="minisblack", rowsperstrip=8)
    original = path.read_bytes()
    with tifffile.TiffFile(path) as tif:
        page = tif.pages[0]
        tags = {tag.name: (tag.offset, tag.valueoffset) for tag in page.tags.values()}
        ifd, entries = page.offset, len(page.tags)

    def patch(fmt, offset, value, source=None):
        copy = bytearray(original if source is None else source)
        copy[offset:offset + struct.calcsize(fmt)] = struct.pack(fmt, value)
        return bytes(copy)

    next_ifd = ifd + 2 + 12 * entries
    return array, {
        "ifd_past_eof": patch("<I", 4, 0xFFFFFFF0),
        "ifd_zero": patch("<I", 4, 0),
        "ifd_odd": patch("<I", 4, 9),
        "ifd_in_pixels": patch("<I", 4, len(original) // 2),
        "entry_count_ffff": patch("<H", ifd, 0xFFFF),
        "entry_count_zero": patch("<H", ifd, 0),
        "next_ifd_loops_to_itself": patch("<I", next_ifd, ifd),
        "next_ifd_past_eof": patch("<I", next_ifd, len(original) + 1000),
        "next_ifd_in_pixels": patch("<I", next_ifd, 300),
        "length_huge": patch("<I", tags["ImageLength"][1], 0xFFFFFFF),
        "width_huge": patch("<I", tags["ImageWidth"][1], 0xFFFFFFF),
        "width_zero": patch("<I", tags["ImageWidth"][1], 0),
        "bits_12": patch("<H", tags["BitsPerSample"][1], 12),
        "bits_0": patch("<H", tags["BitsPerSample"][1], 0),
        "float16": patch("<H", tags["BitsPerSample"][1], 16, patch("<H", tags["SampleFormat"][1], 3)),
        "samples_0": patch("<H", tags["SamplesPerPixel"][1], 0),
        "samples_200": patch("<H", tags["SamplesPerPixel"][1], 200),
        "compression_unknown": patch("<H", tags["Compression"][1], 34712),
        "compression_lzw_on_raw": patch("<H", tags["Compression"][1], 5),
        "compression_zlib_on_raw": patch("<H", tags["Compression"][1], 8),
        "strip_offsets_past_eof": patch("<I", tags["StripOffsets"][1], len(original) + 10),
        "strip_offsets_count_huge": patch("<I", tags["StripOffsets"][0] + 4, 0x7FFFFFFF),
        "strip_bytecounts_count_huge": patch("<I", tags["StripByteCounts"][0] + 4, 0x7FFFFFFF),
        "strip_bytecounts_past_eof": patch("<I", tags["StripByteCounts"][1], len(original) + 10),
        "rows_per_strip_0": patch("<I", tags["RowsPerStrip"][1], 0),
        "rows_per_strip_1": patch("<I", tags["RowsPerStrip"][1], 1),
        "description_count_huge": patch("<I", tags["ImageDescription"][0] + 4, 0x7FFFFFF0),
        "description_shape_lies": original.replace(b'"shape": [3, 37, 53]', b'"shape": [9, 37, 53]'),
        "byte_order_swapped": b"MM" + original[2:],
        "bigtiff_magic": original[:2] + b"+\x00" + original[4:],
    }


CORRUPTIONS = [
    "ifd_past_eof", "ifd_zero", "ifd_odd", "ifd_in_pixels", "entry_count_ffff", "entry_count_zero",
    "next_ifd_loops_to_itself", "next_ifd_past_eof", "next_ifd_in_pixels", "length_huge", "width_huge",
    "width_zero", "bits_12", "bits_0", "float16", "samples_0", "samples_200", "compression_unknown",
    "compression_lzw_on_raw", "compression_zlib_on_raw", "strip_offsets_past_eof", "strip_offsets_count_huge",
    "strip_bytecounts_count_huge", "strip_bytecounts_past_eof", "rows_per_strip_0", "rows_per_strip_1",
    "description_count_huge", "description_shape_lies", "byte_order_swapped", "bigtiff_magic"]


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_read_corrupted_header(tmp_path, name):
    """Corrupted header, IFD or tag values: an error naming the file, or the original array."""
    array, corruptions = _corruptions(tmp_path)
    path = tmp_path / f"{name}.tif"
    path.write_bytes(corruptions[name])
    problems = damaged_file_problems(path, array)
    assert not problems, "\n".join(problems)


def _run_python(code, *args, timeout=120):
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def _describe_exit(result):
    code = result.returncode
    what = f"exit code {code}"
    if code < 0:
        what += f" (signal {signal.Signals(-code).name})"
    elif code == 134:
        what += " (SIGABRT)"
    return f"{what}\nstdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[:3000]}"


def test_read_tiled_huge_tile_size_does_not_crash(tmp_path):
    """A tiled file whose TileWidth was corrupted to 1308622864 (a multiple
    of 16): decoding a tile must not abort the interpreter trying to
    allocate a 40 GB tile buffer."""
    array = random_array((37, 53), np.uint16)
    path = tmp_path / "huge_tile.tif"
    tifffile.imwrite(path, array, photometric="minisblack", tile=(16, 16), compression="zlib")
    with tifffile.TiffFile(path) as tif:
        tag = tif.pages[0].tags["TileWidth"]
        assert tag.dtype == 4 or tag.dtype.value == 4  # LONG
        offset = tag.valueoffset
    raw = bytearray(path.read_bytes())
    raw[offset:offset + 4] = struct.pack("<I", 1308622864)
    path.write_bytes(bytes(raw))
    code = textwrap.dedent("""
        import sys
        from swiftbio import io
        for function in (io.read_metadata, io.imread):
            try:
                function(sys.argv[1])
            except (OSError, ValueError, MemoryError) as error:
                print(function.__name__, type(error).__name__, error)
    """)
    result = _run_python(code, path)
    assert result.returncode == 0, _describe_exit(result)


UNSUPPORTED_DTYPES = [np.float16, np.int64, np.uint64, np.complex64, np.complex128, object, "U3", "datetime64[s]"]


@pytest.mark.parametrize("dtype", UNSUPPORTED_DTYPES, ids=str)
def test_write_unsupported_dtype(tmp_path, dtype):
    array = np.zeros((4, 5), dtype=dtype)
    with pytest.raises(TypeError):
        io.imwrite(tmp_path / "x.tif", array)
    assert leftovers(tmp_path) == []


BAD_WRITES = {
    "compression_jpeg": ((21, 19), np.uint8, dict(compression="jpeg")),
    "compression_unknown": ((21, 19), np.uint8, dict(compression="bogus")),
    "axes_wrong_length": ((21, 19), np.uint8, dict(axes="ZYX")),
    "axes_unknown_letter": ((21, 19), np.uint8, dict(axes="YA")),
    "axes_not_ending_yx": ((21, 19), np.uint8, dict(axes="XY")),
    "axes_repeated": ((3, 21, 19), np.uint8, dict(axes="YYX")),
    "axes_yx_first": ((21, 19, 5), np.uint8, dict(axes="YXZ")),
    "samples_2": ((21, 19, 2), np.uint8, dict(axes="YXS")),
    "samples_5": ((21, 19, 5), np.uint8, dict(axes="YXS")),
    "bool_samples": ((21, 19, 3), np.bool_, dict(axes="YXS")),
    "imagej_int32": ((3, 21, 19), np.int32, dict(imagej=True)),
    "imagej_float64": ((3, 21, 19), np.float64, dict(imagej=True)),
    "imagej_int8": ((3, 21, 19), np.int8, dict(imagej=True)),
    "imagej_rgb_uint16": ((21, 19, 3), np.uint16, dict(imagej=True, axes="YXS")),
    "imagej_rgba": ((21, 19, 4), np.uint8, dict(imagej=True, axes="YXS")),
    "imagej_axes_order": ((3, 2, 21, 19), np.uint8, dict(imagej=True, axes="CZYX")),
    "imagej_axes_q": ((3, 21, 19), np.uint8, dict(imagej=True, axes="QYX")),
    "imagej_axes_tz_swapped": ((2, 3, 21, 19), np.uint8, dict(imagej=True, axes="ZTYX")),
    "tile_not_16": ((40, 40), np.uint8, dict(tile=(15, 16))),
    "tile_not_16_width": ((40, 40), np.uint8, dict(tile=(16, 24))),
    "tile_zero": ((40, 40), np.uint8, dict(tile=(0, 16))),
    "tile_negative": ((40, 40), np.uint8, dict(tile=(-16, 16))),
    "tile_one_value": ((40, 40), np.uint8, dict(tile=(16,))),
    "spacing_negative": ((21, 19), np.uint8, dict(spacing=-1.0)),
    "spacing_negative_y": ((21, 19), np.uint8, dict(spacing=(-0.5, 0.5))),
    "spacing_zero": ((21, 19), np.uint8, dict(spacing=0)),
    "spacing_nan": ((21, 19), np.uint8, dict(spacing=float("nan"))),
    "spacing_inf": ((21, 19), np.uint8, dict(spacing=(1.0, float("inf")))),
    "spacing_too_many": ((21, 19), np.uint8, dict(spacing=(1.0, 2.0, 3.0))),
    "spacing_too_few_3d": ((3, 21, 19), np.uint8, dict(spacing=(1.0, 2.0))),
    "spacing_negative_imagej": ((3, 21, 19), np.uint8, dict(spacing=(-2.0, 1.0, 1.0), imagej=True)),
    "one_dimension": ((5,), np.uint8, {}),
    "nine_dimensions": ((1,) * 7 + (2, 2), np.uint8, {}),
    "empty": ((0, 5), np.uint8, {}),
    "empty_stack": ((3, 0, 5), np.uint8, {}),
}


@pytest.mark.parametrize("name", list(BAD_WRITES))
def test_write_bad_arguments(tmp_path, name):
    shape, dtype, options = BAD_WRITES[name]
    path = tmp_path / "bad.tif"
    with pytest.raises((ValueError, TypeError)):
        io.imwrite(path, np.zeros(shape, dtype), **options)
    assert leftovers(tmp_path) == []


def test_write_bad_arguments_keep_existing_file(tmp_path):
    path = tmp_path / "keep.tif"
    io.imwrite(path, random_array((21, 19), np.uint8))
    before = path.read_bytes()
    for shape, dtype, options in BAD_WRITES.values():
        with pytest.raises((ValueError, TypeError)):
            io.imwrite(path, np.zeros(shape, dtype), **options)
    with pytest.raises(TypeError):
        io.imwrite(path, np.zeros((4, 4), np.float16))
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == ["keep.tif"]


def test_write_into_missing_directory(tmp_path):
    path = tmp_path / "no_such_dir" / "x.tif"
    with pytest.raises(OSError) as info:
        io.imwrite(path, random_array((21, 19), np.uint8))
    assert "x.tif" in str(info.value)
    assert leftovers(tmp_path) == []


def test_write_onto_a_directory(tmp_path):
    target = tmp_path / "target.tif"
    target.mkdir()
    (target / "inside").write_text("keep")
    for compression in [None, "deflate"]:
        with pytest.raises(OSError) as info:
            io.imwrite(target, random_array((3, 21, 19), np.uint16), compression=compression)
        assert_names_file(info.value, target)
    assert target.is_dir() and (target / "inside").read_text() == "keep"
    assert leftovers(tmp_path) == ["target.tif"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions")
def test_write_into_read_only_directory(tmp_path):
    directory = tmp_path / "read_only"
    directory.mkdir()
    directory.chmod(0o555)
    try:
        with pytest.raises(OSError):
            io.imwrite(directory / "x.tif", random_array((21, 19), np.uint8))
        assert leftovers(directory) == []
    finally:
        directory.chmod(0o755)


FILE_SIZE_LIMIT_CHILD = textwrap.dedent("""
    import json, os, resource, signal, sys
    import numpy as np
    from swiftbio import io
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    directory, reference_dir = sys.argv[1], sys.argv[2]
    target = os.path.join(directory, "target.tif")
    before = open(target, "rb").read()
    array = np.random.default_rng(0).integers(0, 4000, (4, 200, 230)).astype(np.uint16)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    problems, checked = [], 0
    for compression in [None, "deflate", "lzw", "packbits"]:
        for tile in [None, (64, 64)]:
            reference = os.path.join(reference_dir, "ref.tif")
            io.imwrite(reference, array, compression=compression, tile=tile)
            size = os.path.getsize(reference)
            for limit in sorted({1, 9, 300, 4096, size // 3, size // 2, size - 300, size - 9, size - 1}):
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
                try:
                    io.imwrite(target, array, compression=compression, tile=tile)
                    outcome = "no error"
                except OSError as error:
                    outcome = "OSError"
                except BaseException as error:
                    outcome = f"{type(error).__name__}: {error}"
                finally:
                    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
                checked += 1
                case = f"compression={compression} tile={tile} limit={limit} of {size} bytes"
                if outcome != "OSError":
                    problems.append(f"{case}: {outcome}")
                if sorted(os.listdir(directory)) != ["target.tif"]:
                    problems.append(f"{case}: left {sorted(os.listdir(directory))}")
                    for name in os.listdir(directory):
                        if name != "target.tif":
                            os.unlink(os.path.join(directory, name))
                if open(target, "rb").read() != before:
                    problems.append(f"{case}: the existing file was changed")
    print(json.dumps({"checked": checked, "problems": problems}))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_write_disk_full(tmp_path):
    """Out of space (RLIMIT_FSIZE) at various points of the write: OSError,
    no temporary file left, and an existing file at the target untouched."""
    pytest.importorskip("resource")
    directory = tmp_path / "out"
    directory.mkdir()
    reference_dir = tmp_path / "reference"
    reference_dir.mkdir()
    old = random_array((21, 19), np.uint8)
    io.imwrite(directory / "target.tif", old)
    result = _run_python(FILE_SIZE_LIMIT_CHILD, directory, reference_dir)
    assert result.returncode == 0, _describe_exit(result)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["checked"] > 40
    assert not report["problems"], "\n".join(report["problems"])
    assert_same(io.imread(directory / "target.tif"), old)


# ---- 6. fuzz ---------------------------------------------------------------------------------------

FUZZ_CHILD = textwrap.dedent("""
    import os, random, sys
    from swiftbio import io
    source_dir, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    names = sorted(name for name in os.listdir(source_dir) if name.endswith(".tif"))
    sources = [open(os.path.join(source_dir, name), "rb").read() for name in names]
    work = os.path.join(source_dir, "work")
    os.makedirs(work, exist_ok=True)
    case_path = os.path.join(work, "case.tif")
    log_path = os.path.join(work, "case.txt")
    rng = random.Random(seed)
    outcomes = {}
    unexpected = []
    for i in range(count):
        k = rng.randrange(len(sources))
        data = bytearray(sources[k])
        kind = rng.choice(["flip", "header", "truncate", "overwrite", "flip+truncate"])
        if kind in ("flip", "flip+truncate"):
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        if kind == "header":
            # the header and the IFDs (tifffile writes the first IFD at 8,
            # libtiff writes IFDs after the pixels)
            for _ in range(rng.randint(1, 4)):
                if rng.random() < 0.5:
                    p = rng.randrange(min(len(data), 512))
                else:
                    p = rng.randrange(max(0, len(data) - 512), len(data))
                data[p] = rng.randrange(256)
        if kind == "overwrite":
            p, n = rng.randrange(len(data)), rng.randint(1, 8)
            data[p:p + n] = rng.choice([b"\\xff", b"\\x00", b"\\x7f", b"\\x80"]) * n
        if kind in ("truncate", "flip+truncate"):
            data = data[:rng.randrange(len(data))]
        with open(case_path, "wb") as f:
            f.write(data)
        with open(log_path, "w") as f:
            f.write(f"case {i}: {kind} of {names[k]}")
        for function in (io.read_metadata, io.imread):
            try:
                function(case_path)
                outcome = "ok"
            except (OSError, ValueError, IndexError, TypeError, MemoryError) as error:
                outcome = type(error).__name__
            except BaseException as error:
                outcome = "unexpected"
                unexpected.append(f"case {i} ({kind} of {names[k]}), {function.__name__}: {error!r}")
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print(outcomes)
    for line in unexpected[:20]:
        print("UNEXPECTED", line)
    sys.exit(1 if unexpected else 0)
""")


def _fuzz_sources(directory, group):
    rng = np.random.default_rng(5)
    stack = rng.integers(0, 60000, (3, 37, 53)).astype(np.uint16)
    if group == "strips":
        tifffile.imwrite(directory / "plain_stack.tif", stack, photometric="minisblack")
        tifffile.imwrite(directory / "zlib_stack.tif", stack, photometric="minisblack", compression="zlib",
                         rowsperstrip=9)
        io.imwrite(directory / "lzw_stack.tif", stack, compression="lzw")
        io.imwrite(directory / "packbits_imagej.tif", (stack >> 8).astype(np.uint8), compression="packbits",
                   imagej=True, spacing=(2.0, 0.5, 0.5))
        tifffile.imwrite(directory / "bigtiff.tif", stack[:2], photometric="minisblack", bigtiff=True, rowsperstrip=7)
        tifffile.imwrite(directory / "planar_rgb.tif", rng.integers(0, 255, (2, 3, 21, 19)).astype(np.uint8),
                         photometric="rgb", planarconfig="separate")
        io.imwrite(directory / "bool.tif", stack[0] > 30000)
    else:
        tifffile.imwrite(directory / "tiled_zlib.tif", stack[0], photometric="minisblack", tile=(16, 16),
                         compression="zlib")
        tifffile.imwrite(directory / "tiled_rgb.tif", rng.integers(0, 255, (37, 53, 3)).astype(np.uint8),
                         photometric="rgb", tile=(16, 16))
        io.imwrite(directory / "tiled_stack.tif", stack[:2], tile=(16, 32), compression="deflate")


@pytest.mark.parametrize("group,count", [("strips", 2400), ("tiles", 1200)])
def test_fuzz_corrupted_files_never_crash(tmp_path, group, count):
    """Randomly corrupted copies (fixed seed), read in a subprocess: every
    call returns or raises OSError/ValueError/IndexError/TypeError/MemoryError."""
    _fuzz_sources(tmp_path, group)
    result = _run_python(FUZZ_CHILD, tmp_path, 20240601, count, timeout=150)
    if result.returncode != 0:
        log = tmp_path / "work" / "case.txt"
        last = log.read_text() if log.exists() else "?"
        pytest.fail(f"fuzz run crashed or raised unexpectedly at {last} "
                    f"(input kept at {tmp_path / 'work' / 'case.tif'}): {_describe_exit(result)}")


# ---- 7. inputs and arguments ----------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_write_leaves_input_unchanged(tmp_path, dtype):
    array = random_array((3, 21, 19), dtype)
    copy = array.copy()
    io.imwrite(tmp_path / "a.tif", array, compression="deflate")
    assert np.array_equal(array, copy) and array.dtype == copy.dtype and array.flags.writeable


@pytest.mark.parametrize("dtype", [np.uint16, np.int16, np.uint32, np.int32, np.float32, np.float64], ids=str)
def test_write_big_endian_and_non_contiguous(tmp_path, dtype):
    array = random_array((4, 37, 53), dtype)
    big_endian = array.astype(np.dtype(dtype).newbyteorder(">"))
    before = big_endian.copy()
    io.imwrite(tmp_path / "be.tif", big_endian)
    assert np.array_equal(big_endian, before) and big_endian.dtype.byteorder == ">"
    got = io.imread(tmp_path / "be.tif")
    assert got.dtype == np.dtype(dtype) and got.dtype.isnative
    assert np.array_equal(got, array)
    assert np.array_equal(tifffile.imread(tmp_path / "be.tif"), array)
    views = {"strided": array[:, ::2, ::3], "reversed": array[::-1, :, ::-1], "fortran": np.asfortranarray(array),
             "transposed": array.transpose(0, 2, 1), "big_endian_strided": big_endian[1:, 3:, ::-2]}
    for name, view in views.items():
        path = tmp_path / f"{name}.tif"
        io.imwrite(path, view, compression="lzw")
        assert np.array_equal(io.imread(path), view), name
        if name != "big_endian_strided":
            assert io.imread(path).dtype == view.dtype
    rgb = random_array((21, 3, 19), np.uint8).transpose(0, 2, 1)  # non-contiguous samples
    io.imwrite(tmp_path / "rgb.tif", rgb, axes="YXS")
    assert_same(io.imread(tmp_path / "rgb.tif"), np.ascontiguousarray(rgb))


def test_read_only_and_pathlike_inputs(tmp_path):
    array = random_array((3, 21, 19), np.float32)
    array.flags.writeable = False
    path = tmp_path / "ro.tif"
    io.imwrite(path, array)
    got = io.imread(path)
    assert_same(got, array)
    assert got.flags.c_contiguous and got.flags.writeable and got.dtype.isnative
    assert_same(io.imread(str(path)), array)
    assert_same(io.imread(os.fsencode(path)), array)
    assert io.read_metadata(path) == io.read_metadata(str(path))
    io.imwrite(str(tmp_path / "str.tif"), array)
    io.imwrite(os.fsencode(tmp_path / "bytes.tif"), array)
    assert_same(io.imread(tmp_path / "str.tif"), array)
    assert_same(io.imread(tmp_path / "bytes.tif"), array)


def test_read_metadata_fields(tmp_path):
    path = tmp_path / "m.tif"
    io.imwrite(path, random_array((2, 3, 21, 19), np.uint16), imagej=True, spacing=(1.5, 0.5, 0.25),
               compression="lzw")
    meta = io.read_metadata(path)
    assert isinstance(meta, io.TiffMetadata)
    assert meta.shape == (2, 3, 21, 19) and isinstance(meta.shape, tuple)
    assert meta.dtype == np.dtype(np.uint16) and isinstance(meta.dtype, np.dtype)
    assert meta.axes == "ZCYX" and meta.pages == 6 and meta.page_shape == (21, 19)
    assert meta.spacing == pytest.approx((1.5, 0.5, 0.25))
    assert meta.spacing_xyz == pytest.approx((0.25, 0.5, 1.5))
    assert meta.unit == "um" and meta.compression == "lzw"
    assert (meta.imagej, meta.ome, meta.bigtiff, meta.tiled) == (True, False, False, False)
    plain = tmp_path / "plain.tif"
    io.imwrite(plain, random_array((21, 19), np.uint8))
    meta = io.read_metadata(plain)
    assert meta.spacing is None or meta.spacing == pytest.approx((1.0, 1.0))
    assert meta.pages == 1 and meta.axes == "YX"


# ---- OME-TIFF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("axes,shape", [("ZYX", (4, 20, 30)), ("CZYX", (2, 3, 20, 30)), ("TCZYX", (2, 3, 4, 10, 12)),
                                        ("TZYX", (3, 5, 8, 9)), ("YXS", (20, 30, 3))], ids=lambda v: str(v))
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_read_ome_tiff_written_by_tifffile(tmp_path, axes, shape, dtype):
    """Shape and axes from the OME-XML dimension order, pixel sizes from
    PhysicalSize*, identical to tifffile."""
    if axes.endswith("S") and dtype == np.float32:
        pytest.skip("RGB float is not an OME pixel type tifffile writes here")
    path = tmp_path / "image.ome.tif"
    array = random_array(shape, dtype)
    tifffile.imwrite(path, array, ome=True, photometric="rgb" if axes.endswith("S") else "minisblack",
                     metadata={"axes": axes, "PhysicalSizeX": 0.25, "PhysicalSizeY": 0.5, "PhysicalSizeZ": 2.0,
                               "PhysicalSizeXUnit": "µm"})
    assert_same(io.imread(path), tifffile.imread(path))
    meta = io.read_metadata(path)
    assert meta.ome and meta.axes == tifffile.TiffFile(path).series[0].axes
    assert meta.spacing_xyz == (0.25, 0.5, 2.0) and meta.unit == "µm"

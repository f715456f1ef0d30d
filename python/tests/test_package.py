"""The installed package: imports from anywhere, docstrings run, data ships."""
import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import swiftbio


def public_modules():
    names = ["swiftbio"]
    for info in pkgutil.walk_packages(swiftbio.__path__, "swiftbio."):
        last = info.name.split(".")[-1]
        if last.startswith("lib") or last in ("_core",):
            continue  # the compiled library and extension carry no doctests
        names.append(info.name)
    return names


@pytest.mark.parametrize("name", public_modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_public_function_has_an_example():
    from swiftbio import filters
    for name in filters.__all__:
        doc = getattr(filters, name).__doc__
        assert doc and "Examples" in doc and ">>>" in doc, name
        assert "%(" not in doc, name


def test_imports_from_any_directory(tmp_path):
    code = "import swiftbio, numpy as np; print(round(float(swiftbio.filters.gaussian(np.ones((3, 3)), 1).sum()), 6))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "9.0"


def test_engine_links_swift_runtime_statically():
    """The shipped library needs no Swift toolchain on the library path."""
    from pathlib import Path
    library = Path(swiftbio.__file__).parent / "libswiftbio.so"
    assert library.exists()
    ldd = subprocess.run(["ldd", str(library)], capture_output=True, text=True)
    if ldd.returncode != 0:
        pytest.skip("ldd unavailable")
    assert "libswiftCore" not in ldd.stdout and "libFoundation" not in ldd.stdout


def test_bundled_data():
    assert swiftbio.data.path("img2d.tif").stat().st_size > 500_000
    with pytest.raises(ValueError, match="available"):
        swiftbio.data.path("nope.tif")


def test_abi_version():
    assert swiftbio._core.abi_version() == 6

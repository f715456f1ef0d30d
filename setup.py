"""Build swiftbio: the Swift engine (release, Swift runtime linked in
statically) and the CPython extension over its C ABI.

Environment:
  SWIFTBIO_PORTABLE=1      build for the baseline CPU of the architecture
                           instead of the building machine's (-march=native)
  SWIFTBIO_SWIFT=path      the `swift` executable (default: found on PATH)
  SWIFTBIO_SWIFT_FLAGS     extra flags for `swift build`, split on spaces
"""
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
LIBRARY = "libswiftbio.so"


def swift_build_flags():
    flags = ["-c", "release", "--product", "swiftbio", "-Xswiftc", "-static-stdlib"]
    if os.environ.get("SWIFTBIO_PORTABLE", "") not in ("1", "true", "yes"):
        flags += ["-Xcc", "-march=native"]
    flags += os.environ.get("SWIFTBIO_SWIFT_FLAGS", "").split()
    return flags


class BuildSwiftThenExtension(build_ext):
    """Builds the Swift library, places it inside the package, then builds
    the extension against it with an $ORIGIN rpath."""

    def run(self):
        swift = os.environ.get("SWIFTBIO_SWIFT") or shutil.which("swift")
        if not swift:
            raise RuntimeError("building swiftbio needs the Swift toolchain (`swift` on PATH or SWIFTBIO_SWIFT)")
        flags = swift_build_flags()
        subprocess.check_call([swift, "build", *flags], cwd=ROOT)
        bin_dir = subprocess.check_output([swift, "build", *flags, "--show-bin-path"], cwd=ROOT, text=True).strip()
        library = Path(bin_dir) / LIBRARY
        targets = [ROOT / "python" / "swiftbio"] if self.inplace else [Path(self.build_lib) / "swiftbio"]
        for target in targets:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(library, target / LIBRARY)
        for ext in self.extensions:
            ext.library_dirs.append(bin_dir)
        super().run()


setup(
    name="swiftbio",
    version="0.1.0",
    description="Bioimage analysis on fast, multithreaded Swift kernels, used from Python",
    python_requires=">=3.9",
    install_requires=["numpy>=1.22"],
    package_dir={"": "python"},
    packages=find_packages(where="python", include=["swiftbio", "swiftbio.*"]),
    package_data={"swiftbio.data": ["*.tif", "*.txt", "*.md"]},
    ext_modules=[
        Extension(
            "swiftbio._core",
            sources=["python/swiftbio/_ext/core.c"],
            include_dirs=["Sources/CSwiftBio/include"],
            libraries=["swiftbio"],
            runtime_library_dirs=["$ORIGIN"],
            extra_compile_args=["-O2", "-Wall", "-Werror=implicit-function-declaration"],
        )
    ],
    cmdclass={"build_ext": BuildSwiftThenExtension},
    zip_safe=False,
)

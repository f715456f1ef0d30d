"""Reading and writing TIFF files (through the system libtiff).

``imread`` and ``imwrite`` handle plain TIFF, multi-page stacks, BigTIFF,
ImageJ hyperstacks (with voxel size) and OME-TIFF pixel sizes;
``read_metadata`` describes a file without reading its pixels.
"""
from ._tiff import TiffMetadata, imread, imwrite, read_metadata

__all__ = ["imread", "imwrite", "read_metadata", "TiffMetadata"]

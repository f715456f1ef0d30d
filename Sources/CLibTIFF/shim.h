// The system libraries the TIFF layer uses: libtiff and libdeflate (both
// from Debian's libtiff-dev), the latter to compress Deflate strips in
// parallel, faster than zlib at the same level and format.
#include <tiffio.h>
#include <libdeflate.h>

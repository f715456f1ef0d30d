/* The C target only carries swiftbio.h; SwiftPM needs one source file. */
#include "swiftbio.h"

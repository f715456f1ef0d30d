/* The hints are header-only; SwiftPM needs one source file per C target. */
#include "swiftbio_hints.h"

import SwiftBioHints

/// Starts loading the cache line at `address` for a read soon: for kernels
/// whose next memory access is known early but lands far away (a priority
/// queue's next pixel). A hint only: it never faults and changes no result.
@inlinable @inline(__always)
func prefetch(_ address: UnsafeRawPointer) {
    sb_prefetch(address)
}

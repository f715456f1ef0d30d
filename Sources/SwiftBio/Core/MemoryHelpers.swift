// Unaligned vector loads and stores: the only raw-memory access the hot
// loops make. Callers guarantee `p ..< p + Vector.scalarCount` is in bounds.

@inlinable @inline(__always)
func loadVector<T: FilterScalar>(_ p: UnsafePointer<T>) -> T.Vector {
    UnsafeRawPointer(p).loadUnaligned(as: T.Vector.self)
}

@inlinable @inline(__always)
func storeVector<T: FilterScalar>(_ v: T.Vector, _ p: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: T.Vector.self)
}

/// Four consecutive vectors from `p` on (the accumulators of a row kernel).
@inlinable @inline(__always)
func storeVectors<T: FilterScalar>(_ v0: T.Vector, _ v1: T.Vector, _ v2: T.Vector, _ v3: T.Vector, _ p: UnsafeMutablePointer<T>) {
    let width = T.Vector.scalarCount
    storeVector(v0, p); storeVector(v1, p + width); storeVector(v2, p + 2 * width); storeVector(v3, p + 3 * width)
}

/// True when the byte ranges of two images overlap (an in-place call).
@inlinable
func overlaps<A, B>(_ a: ImageView<A>, _ b: MutableImageView<B>) -> Bool {
    let a0 = UnsafeRawPointer(a.base), a1 = a0 + a.shape.count * MemoryLayout<A>.stride
    let b0 = UnsafeRawPointer(b.base), b1 = b0 + b.shape.count * MemoryLayout<B>.stride
    return a0 < b1 && b0 < a1
}

/// Calls `body` with a private copy of `image`: for kernels called in place.
@inlinable
func withCopy<T, R>(of image: ImageView<T>, _ body: (ImageView<T>) throws -> R) throws -> R {
    let copy = try ImageBuffer<T>(shape: image.shape)
    copy.view.base.update(from: image.base, count: image.shape.count)
    return try body(copy.view.readOnly)
}

/// Calls `body` with each index in `range` where `mask` is set (every index
/// when there is no mask), skipping eight clear mask bytes at a time: masks
/// of sparse objects are mostly clear.
@inlinable @inline(__always)
func forEachSet(in mask: UnsafePointer<Bool>?, _ range: Range<Int>, _ body: (Int) -> Void) {
    guard let mask else { for i in range { body(i) }; return }
    var i = range.lowerBound
    while i < range.upperBound {
        if i + 8 <= range.upperBound && UnsafeRawPointer(mask + i).loadUnaligned(as: UInt64.self) == 0 {
            i += 8
            continue
        }
        if mask[i] { body(i) }
        i += 1
    }
}

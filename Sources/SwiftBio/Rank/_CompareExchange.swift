/// One exchange of a selection network, over a block of pixels at once:
/// `a[i]` becomes `min(a[i], b[i])` and `b[i]` the max, for `i < count`.
/// A straight loop that the compiler vectorises (`Swift.min`/`max`).
@inlinable @inline(__always)
func _compareExchange<P: Comparable>(_ a: UnsafeMutablePointer<P>, _ b: UnsafeMutablePointer<P>, count: Int) {
    for i in 0..<count {
        let low = Swift.min(a[i], b[i]), high = Swift.max(a[i], b[i])
        a[i] = low
        b[i] = high
    }
}

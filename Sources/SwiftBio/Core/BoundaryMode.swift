/// How a kernel reads pixels beyond the edge of an image: scipy.ndimage's
/// five modes, with its numbering (`SB_MODE_*` in `swiftbio.h`).
///
/// Shown for a line `a b c d`, what lies left | the line | right:
///
///     reflect   d c b a | a b c d | d c b a    (half-sample symmetric)
///     mirror      d c b | a b c d | c b a      (whole-sample symmetric)
///     nearest   a a a a | a b c d | d d d d
///     constant  k k k k | a b c d | k k k k    (k = cval)
///     wrap      a b c d | a b c d | a b c d
///
/// Every kernel goes through `sourceIndex(_:count:)` or `extendLine`; none
/// handles borders on its own.
public enum BoundaryMode: Int32, Sendable, CaseIterable {
    case reflect = 0
    case mirror = 1
    case nearest = 2
    case constant = 3
    case wrap = 4

    /// The in-range index whose value position `i` of a line of `n` pixels
    /// takes, or `nil` where the mode supplies the constant `cval`.
    /// Any `i` is accepted, however far outside: the patterns repeat.
    @inlinable
    public func sourceIndex(_ i: Int, count n: Int) -> Int? {
        if i >= 0 && i < n { return i }
        switch self {
        case .constant:
            return nil
        case .nearest:
            return i < 0 ? 0 : n - 1
        case .wrap:
            let r = i % n
            return r < 0 ? r + n : r
        case .reflect:
            let period = 2 * n
            var r = i % period
            if r < 0 { r += period }
            return r < n ? r : period - 1 - r
        case .mirror:
            if n == 1 { return 0 }
            let period = 2 * n - 2
            var r = i % period
            if r < 0 { r += period }
            return r < n ? r : period - r
        }
    }

    /// Fills `line[0 ..< hi − lo]` with positions `lo ..< hi` of the line
    /// `source[0 ..< n]` (read with stride `stride`) converted to `T`:
    /// positions inside are copied, positions outside come from this mode.
    /// With `lo = −before`, `hi = n + after` this is scipy's extended line.
    @inlinable
    public func extendLine<S: PixelScalar, T: FilterScalar>(
        _ source: UnsafePointer<S>, count n: Int, stride: Int = 1,
        from lo: Int, to hi: Int, cval: T, into line: UnsafeMutablePointer<T>
    ) {
        extendLine(source, count: n, stride: stride, from: lo, to: hi, cval: cval, into: line,
                   convert: ConvertToFilterScalar<S, T>())
    }

    /// `extendLine` with the element conversion given as a type (so that
    /// it specialises and inlines; `IdentityConversion`: a padded line in
    /// the image's own type).
    @inlinable
    public func extendLine<C: ElementConversion>(
        _ source: UnsafePointer<C.Source>, count n: Int, stride: Int = 1,
        from lo: Int, to hi: Int, cval: C.Target, into line: UnsafeMutablePointer<C.Target>, convert: C
    ) {
        let insideLo = Swift.max(lo, 0), insideHi = Swift.min(hi, n)
        if insideLo < insideHi {
            let body = line + (insideLo - lo)
            if stride == 1 {
                let s = source + insideLo
                for i in 0..<(insideHi - insideLo) { body[i] = convert(s[i]) }
            } else {
                for i in 0..<(insideHi - insideLo) { body[i] = convert(source[(insideLo + i) * stride]) }
            }
        }
        for p in lo..<Swift.min(insideLo, hi) {
            line[p - lo] = sourceIndex(p, count: n).map { convert(source[$0 * stride]) } ?? cval
        }
        for p in Swift.max(insideHi, lo)..<hi {
            line[p - lo] = sourceIndex(p, count: n).map { convert(source[$0 * stride]) } ?? cval
        }
    }
}

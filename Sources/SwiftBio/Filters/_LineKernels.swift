// The hot loops of every linear filter: a 1D correlation along a contiguous
// line, and a weighted sum of whole rows. Four independent accumulators
// (4 vectors) hide the FMA latency; the tail is scalar.

/// `out[i] = Σₖ weights[k] · line[i + k]` for `i < n`, `line` holding
/// `n + taps − 1` values; with `accumulate`, `out[i] += …` instead.
@inlinable
func correlateLine<T: FilterScalar>(
    _ line: UnsafePointer<T>, weights: UnsafePointer<T>, taps: Int,
    into out: UnsafeMutablePointer<T>, count n: Int, accumulate: Bool = false
) {
    let width = T.Vector.scalarCount
    var i = 0
    while i + 4 * width <= n {
        var a0 = T.Vector(), a1 = T.Vector(), a2 = T.Vector(), a3 = T.Vector()
        if accumulate {
            a0 = loadVector(out + i); a1 = loadVector(out + i + width)
            a2 = loadVector(out + i + 2 * width); a3 = loadVector(out + i + 3 * width)
        }
        for k in 0..<taps {
            let w = T.Vector(repeating: weights[k])
            let p = line + i + k
            a0 = a0.addingProduct(loadVector(p), w)
            a1 = a1.addingProduct(loadVector(p + width), w)
            a2 = a2.addingProduct(loadVector(p + 2 * width), w)
            a3 = a3.addingProduct(loadVector(p + 3 * width), w)
        }
        storeVector(a0, out + i)
        storeVector(a1, out + i + width)
        storeVector(a2, out + i + 2 * width)
        storeVector(a3, out + i + 3 * width)
        i += 4 * width
    }
    while i + width <= n {
        var a = accumulate ? loadVector(out + i) : T.Vector()
        for k in 0..<taps { a = a.addingProduct(loadVector(line + i + k), T.Vector(repeating: weights[k])) }
        storeVector(a, out + i)
        i += width
    }
    while i < n {
        var a: T = accumulate ? out[i] : 0
        for k in 0..<taps { a = a.addingProduct(line[i + k], weights[k]) }
        out[i] = a
        i += 1
    }
}

/// `out[i] = Σₖ weights[k] · rows[k][i]` for `i < n`; with `accumulate`,
/// `out[i] += …` instead.
@inlinable
func combineRows<T: FilterScalar>(
    _ rows: UnsafePointer<UnsafePointer<T>>, weights: UnsafePointer<T>, taps: Int,
    into out: UnsafeMutablePointer<T>, count n: Int, accumulate: Bool = false
) {
    let width = T.Vector.scalarCount
    var i = 0
    while i + 4 * width <= n {
        var a0 = T.Vector(), a1 = T.Vector(), a2 = T.Vector(), a3 = T.Vector()
        if accumulate {
            a0 = loadVector(out + i); a1 = loadVector(out + i + width)
            a2 = loadVector(out + i + 2 * width); a3 = loadVector(out + i + 3 * width)
        }
        for k in 0..<taps {
            let w = T.Vector(repeating: weights[k])
            let p = rows[k] + i
            a0 = a0.addingProduct(loadVector(p), w)
            a1 = a1.addingProduct(loadVector(p + width), w)
            a2 = a2.addingProduct(loadVector(p + 2 * width), w)
            a3 = a3.addingProduct(loadVector(p + 3 * width), w)
        }
        storeVector(a0, out + i)
        storeVector(a1, out + i + width)
        storeVector(a2, out + i + 2 * width)
        storeVector(a3, out + i + 3 * width)
        i += 4 * width
    }
    while i + width <= n {
        var a = accumulate ? loadVector(out + i) : T.Vector()
        for k in 0..<taps { a = a.addingProduct(loadVector(rows[k] + i), T.Vector(repeating: weights[k])) }
        storeVector(a, out + i)
        i += width
    }
    while i < n {
        var a: T = accumulate ? out[i] : 0
        for k in 0..<taps { a = a.addingProduct(rows[k][i], weights[k]) }
        out[i] = a
        i += 1
    }
}


/// Two consecutive output rows of a height pass at once, from taps + 1
/// rows: `a[i] = Σₖ weights[k] · rows[k][i]` and
/// `b[i] = Σₖ weights[k] · rows[k + 1][i]`; each source row is loaded once for both.
@inlinable
func combineRowPair<T: FilterScalar>(
    _ rows: UnsafePointer<UnsafePointer<T>>, weights: UnsafePointer<T>, taps: Int,
    into a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>, count n: Int
) {
    // Eight independent accumulators (four vectors of each row) keep both FMA pipes busy.
    let width = T.Vector.scalarCount
    var i = 0
    while i + 4 * width <= n {
        var a0 = T.Vector(), a1 = T.Vector(), a2 = T.Vector(), a3 = T.Vector()
        var b0 = T.Vector(), b1 = T.Vector(), b2 = T.Vector(), b3 = T.Vector()
        for k in 0...taps {
            let p = rows[k] + i
            let v0: T.Vector = loadVector(p), v1: T.Vector = loadVector(p + width)
            let v2: T.Vector = loadVector(p + 2 * width), v3: T.Vector = loadVector(p + 3 * width)
            if k < taps {
                let w = T.Vector(repeating: weights[k])
                a0 = a0.addingProduct(v0, w); a1 = a1.addingProduct(v1, w)
                a2 = a2.addingProduct(v2, w); a3 = a3.addingProduct(v3, w)
            }
            if k > 0 {
                let u = T.Vector(repeating: weights[k - 1])
                b0 = b0.addingProduct(v0, u); b1 = b1.addingProduct(v1, u)
                b2 = b2.addingProduct(v2, u); b3 = b3.addingProduct(v3, u)
            }
        }
        storeVector(a0, a + i); storeVector(a1, a + i + width); storeVector(a2, a + i + 2 * width); storeVector(a3, a + i + 3 * width)
        storeVector(b0, b + i); storeVector(b1, b + i + width); storeVector(b2, b + i + 2 * width); storeVector(b3, b + i + 3 * width)
        i += 4 * width
    }
    while i < n {
        var sa: T = 0, sb: T = 0
        for k in 0..<taps {
            sa = sa.addingProduct(rows[k][i], weights[k])
            if k > 0 { sb = sb.addingProduct(rows[k][i], weights[k - 1]) }
        }
        sb = sb.addingProduct(rows[taps][i], weights[taps - 1])
        a[i] = sa; b[i] = sb
        i += 1
    }
}

// The hot loops of every linear filter: a 1D correlation along a contiguous
// line, and a weighted sum of whole rows. Eight (line) or four to eight
// (rows) independent accumulators hide the FMA latency; the tail is scalar.

/// `out[i] = Σₖ weights[k] · line[i + k]` for `i < n`, `line` holding
/// `n + taps − 1` values; with `accumulate`, `out[i] += …` instead.
///
/// Eight output vectors at a time, each tap's eight input vectors held in a
/// sliding window: vector j at tap k is the line at `k + j·width`, which is
/// vector j + 1 at tap k − width. Stepping the taps by `width` (one pass per
/// residue) then costs one load per tap instead of eight, and the loop runs
/// at the FMA rate instead of the (line-crossing) load rate: 1.5× on a
/// 67-tap Gaussian row.
@inlinable
func correlateLine<T: FilterScalar>(
    _ line: UnsafePointer<T>, weights: UnsafePointer<T>, taps: Int,
    into out: UnsafeMutablePointer<T>, count n: Int, accumulate: Bool = false
) {
    let width = T.Vector.scalarCount
    var i = 0
    while i + 8 * width <= n {
        let o = out + i, base = line + i
        var a0 = T.Vector(), a1 = T.Vector(), a2 = T.Vector(), a3 = T.Vector()
        var a4 = T.Vector(), a5 = T.Vector(), a6 = T.Vector(), a7 = T.Vector()
        if accumulate {
            a0 = loadVector(o); a1 = loadVector(o + width); a2 = loadVector(o + 2 * width); a3 = loadVector(o + 3 * width)
            a4 = loadVector(o + 4 * width); a5 = loadVector(o + 5 * width)
            a6 = loadVector(o + 6 * width); a7 = loadVector(o + 7 * width)
        }
        for r in 0..<min(width, taps) {
            let p = base + r
            var v0: T.Vector = loadVector(p), v1: T.Vector = loadVector(p + width)
            var v2: T.Vector = loadVector(p + 2 * width), v3: T.Vector = loadVector(p + 3 * width)
            var v4: T.Vector = loadVector(p + 4 * width), v5: T.Vector = loadVector(p + 5 * width)
            var v6: T.Vector = loadVector(p + 6 * width), v7: T.Vector = loadVector(p + 7 * width)
            var k = r
            while true {
                let w = T.Vector(repeating: weights[k])
                a0 = a0.addingProduct(v0, w); a1 = a1.addingProduct(v1, w)
                a2 = a2.addingProduct(v2, w); a3 = a3.addingProduct(v3, w)
                a4 = a4.addingProduct(v4, w); a5 = a5.addingProduct(v5, w)
                a6 = a6.addingProduct(v6, w); a7 = a7.addingProduct(v7, w)
                k += width
                guard k < taps else { break }
                (v0, v1, v2, v3, v4, v5, v6) = (v1, v2, v3, v4, v5, v6, v7)
                v7 = loadVector(base + k + 7 * width)
            }
        }
        storeVector(a0, o); storeVector(a1, o + width); storeVector(a2, o + 2 * width); storeVector(a3, o + 3 * width)
        storeVector(a4, o + 4 * width); storeVector(a5, o + 5 * width)
        storeVector(a6, o + 6 * width); storeVector(a7, o + 7 * width)
        i += 8 * width
    }
    // The tails add the taps in the same order (by residue), so a pixel's
    // rounding does not depend on where the line's blocks fall.
    while i + width <= n {
        var a = accumulate ? loadVector(out + i) : T.Vector()
        for r in 0..<min(width, taps) {
            for k in stride(from: r, to: taps, by: width) {
                a = a.addingProduct(loadVector(line + i + k), T.Vector(repeating: weights[k]))
            }
        }
        storeVector(a, out + i)
        i += width
    }
    while i < n {
        var a: T = accumulate ? out[i] : 0
        for r in 0..<min(width, taps) {
            for k in stride(from: r, to: taps, by: width) { a = a.addingProduct(line[i + k], weights[k]) }
        }
        out[i] = a
        i += 1
    }
}

/// `out[i] = Σₖ weights[k] · rows[k][i]` for `i < n`; with `accumulate`,
/// `out[i] += …` instead. A symmetric kernel adds mirrored rows first, in
/// the order of `combineSymmetricRowPair`: a row comes out the same whether
/// it was made alone or in a pair (which depends on the thread split).
@inlinable
func combineRows<T: FilterScalar>(
    _ rows: UnsafePointer<UnsafePointer<T>>, weights: UnsafePointer<T>, taps: Int,
    into out: UnsafeMutablePointer<T>, count n: Int, accumulate: Bool = false
) {
    if isSymmetric(weights, taps: taps) {
        combineSymmetricRows(rows, weights: weights, taps: taps, into: out, count: n, accumulate: accumulate)
        return
    }
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
        storeVectors(a0, a1, a2, a3, out + i)
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
    if isSymmetric(weights, taps: taps) {
        combineSymmetricRowPair(rows, weights: weights, taps: taps, into: a, b, count: n)
        return
    }
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
        storeVectors(a0, a1, a2, a3, a + i)
        storeVectors(b0, b1, b2, b3, b + i)
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

/// `combineRowPair` for a symmetric kernel of odd length 2h + 1: each
/// output adds its mirrored rows first, `Σₖ<h weights[k] · (rows[k] +
/// rows[2h − k]) + weights[h] · rows[h]` (as scipy.ndimage does), so the
/// adds run on the FP add pipes and the FMAs halve. The pair's rows mirror
/// around different centres, yet each step still loads only two new rows:
/// row k + 1 of b is row k + 1 of a on the next step, and row 2h − k of a
/// is b's mirror row on the next.
@inlinable
func combineSymmetricRowPair<T: FilterScalar>(
    _ rows: UnsafePointer<UnsafePointer<T>>, weights: UnsafePointer<T>, taps: Int,
    into a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>, count n: Int
) {
    let width = T.Vector.scalarCount, half = taps / 2
    var i = 0
    while i + 4 * width <= n {
        var a0 = T.Vector(), a1 = T.Vector(), a2 = T.Vector(), a3 = T.Vector()
        var b0 = T.Vector(), b1 = T.Vector(), b2 = T.Vector(), b3 = T.Vector()
        // Low rows (row k) and high rows (row 2h + 1 − k) carried between steps.
        var p = rows[0] + i, q = rows[taps] + i
        var l0: T.Vector = loadVector(p), l1: T.Vector = loadVector(p + width)
        var l2: T.Vector = loadVector(p + 2 * width), l3: T.Vector = loadVector(p + 3 * width)
        var h0: T.Vector = loadVector(q), h1: T.Vector = loadVector(q + width)
        var h2: T.Vector = loadVector(q + 2 * width), h3: T.Vector = loadVector(q + 3 * width)
        for k in 0..<half {
            p = rows[k + 1] + i
            q = rows[taps - 1 - k] + i
            let m0: T.Vector = loadVector(p), m1: T.Vector = loadVector(p + width)
            let m2: T.Vector = loadVector(p + 2 * width), m3: T.Vector = loadVector(p + 3 * width)
            let g0: T.Vector = loadVector(q), g1: T.Vector = loadVector(q + width)
            let g2: T.Vector = loadVector(q + 2 * width), g3: T.Vector = loadVector(q + 3 * width)
            let w = T.Vector(repeating: weights[k])
            a0 = a0.addingProduct(l0 + g0, w); a1 = a1.addingProduct(l1 + g1, w)
            a2 = a2.addingProduct(l2 + g2, w); a3 = a3.addingProduct(l3 + g3, w)
            b0 = b0.addingProduct(m0 + h0, w); b1 = b1.addingProduct(m1 + h1, w)
            b2 = b2.addingProduct(m2 + h2, w); b3 = b3.addingProduct(m3 + h3, w)
            (l0, l1, l2, l3) = (m0, m1, m2, m3)
            (h0, h1, h2, h3) = (g0, g1, g2, g3)
        }
        // Now l is row h (a's centre) and h is row h + 1 (b's centre).
        let w = T.Vector(repeating: weights[half])
        a0 = a0.addingProduct(l0, w); a1 = a1.addingProduct(l1, w); a2 = a2.addingProduct(l2, w); a3 = a3.addingProduct(l3, w)
        b0 = b0.addingProduct(h0, w); b1 = b1.addingProduct(h1, w); b2 = b2.addingProduct(h2, w); b3 = b3.addingProduct(h3, w)
        storeVectors(a0, a1, a2, a3, a + i)
        storeVectors(b0, b1, b2, b3, b + i)
        i += 4 * width
    }
    while i < n {
        var sa: T = 0, sb: T = 0
        for k in 0..<half {
            sa = sa.addingProduct(rows[k][i] + rows[taps - 1 - k][i], weights[k])
            sb = sb.addingProduct(rows[k + 1][i] + rows[taps - k][i], weights[k])
        }
        a[i] = sa.addingProduct(rows[half][i], weights[half])
        b[i] = sb.addingProduct(rows[half + 1][i], weights[half])
        i += 1
    }
}

/// An odd kernel of 3 or more taps equal to its mirror image.
@inlinable
func isSymmetric<T: FilterScalar>(_ weights: UnsafePointer<T>, taps: Int) -> Bool {
    taps >= 3 && taps % 2 == 1 && (0..<taps / 2).allSatisfy { weights[$0] == weights[taps - 1 - $0] }
}

/// `combineRows` for a symmetric kernel of odd length 2h + 1:
/// `Σₖ<h weights[k] · (rows[k] + rows[2h − k]) + weights[h] · rows[h]`.
@inlinable
func combineSymmetricRows<T: FilterScalar>(
    _ rows: UnsafePointer<UnsafePointer<T>>, weights: UnsafePointer<T>, taps: Int,
    into out: UnsafeMutablePointer<T>, count n: Int, accumulate: Bool
) {
    let width = T.Vector.scalarCount, half = taps / 2
    var i = 0
    while i + 4 * width <= n {
        var a0 = T.Vector(), a1 = T.Vector(), a2 = T.Vector(), a3 = T.Vector()
        for k in 0..<half {
            let p = rows[k] + i, q = rows[taps - 1 - k] + i
            let w = T.Vector(repeating: weights[k])
            a0 = a0.addingProduct(loadVector(p) + loadVector(q), w)
            a1 = a1.addingProduct(loadVector(p + width) + loadVector(q + width), w)
            a2 = a2.addingProduct(loadVector(p + 2 * width) + loadVector(q + 2 * width), w)
            a3 = a3.addingProduct(loadVector(p + 3 * width) + loadVector(q + 3 * width), w)
        }
        let c = rows[half] + i, w = T.Vector(repeating: weights[half])
        a0 = a0.addingProduct(loadVector(c), w); a1 = a1.addingProduct(loadVector(c + width), w)
        a2 = a2.addingProduct(loadVector(c + 2 * width), w); a3 = a3.addingProduct(loadVector(c + 3 * width), w)
        if accumulate {
            a0 += loadVector(out + i); a1 += loadVector(out + i + width)
            a2 += loadVector(out + i + 2 * width); a3 += loadVector(out + i + 3 * width)
        }
        storeVectors(a0, a1, a2, a3, out + i)
        i += 4 * width
    }
    while i < n {
        var a: T = 0
        for k in 0..<half { a = a.addingProduct(rows[k][i] + rows[taps - 1 - k][i], weights[k]) }
        a = a.addingProduct(rows[half][i], weights[half])
        out[i] = accumulate ? out[i] + a : a
        i += 1
    }
}

/// Four consecutive output rows of a symmetric height pass (odd length
/// 2h + 1) from taps + 3 rows: output j is `Σₖ<h weights[k] · (rows[k + j]
/// + rows[2h − k + j]) + weights[h] · rows[h + j]`, in the order of
/// `combineSymmetricRows`, so each row comes out as it would alone. The
/// low rows of the four outputs slide down one row per step and the high
/// rows up one: two new loads per step feed four outputs, half the cache
/// traffic of a pair (the pass ran at the L2 bandwidth).
@inlinable
func combineSymmetricRowQuad<T: FilterScalar>(
    _ rows: UnsafePointer<UnsafePointer<T>>, weights: UnsafePointer<T>, taps: Int,
    into o0: UnsafeMutablePointer<T>, _ o1: UnsafeMutablePointer<T>, _ o2: UnsafeMutablePointer<T>,
    _ o3: UnsafeMutablePointer<T>, count n: Int
) {
    let width = T.Vector.scalarCount, half = taps / 2
    var i = 0
    while i + 2 * width <= n {
        @inline(__always) func load(_ row: Int, _ c: Int) -> T.Vector { loadVector(rows[row] + i + c * width) }
        var a0 = T.Vector(), a1 = T.Vector(), a2 = T.Vector(), a3 = T.Vector()
        var b0 = T.Vector(), b1 = T.Vector(), b2 = T.Vector(), b3 = T.Vector()
        // Low rows k + j and high rows 2h − k + j of outputs j = 0 ... 3, for both column vectors (l/h, m/g).
        var l0 = load(0, 0), l1 = load(1, 0), l2 = load(2, 0), l3 = load(3, 0)
        var m0 = load(0, 1), m1 = load(1, 1), m2 = load(2, 1), m3 = load(3, 1)
        var h0 = load(taps - 1, 0), h1 = load(taps, 0), h2 = load(taps + 1, 0), h3 = load(taps + 2, 0)
        var g0 = load(taps - 1, 1), g1 = load(taps, 1), g2 = load(taps + 1, 1), g3 = load(taps + 2, 1)
        for k in 0..<half {
            let w = T.Vector(repeating: weights[k])
            a0 = a0.addingProduct(l0 + h0, w); a1 = a1.addingProduct(l1 + h1, w)
            a2 = a2.addingProduct(l2 + h2, w); a3 = a3.addingProduct(l3 + h3, w)
            b0 = b0.addingProduct(m0 + g0, w); b1 = b1.addingProduct(m1 + g1, w)
            b2 = b2.addingProduct(m2 + g2, w); b3 = b3.addingProduct(m3 + g3, w)
            (l0, l1, l2) = (l1, l2, l3)
            (m0, m1, m2) = (m1, m2, m3)
            l3 = load(k + 4, 0)
            m3 = load(k + 4, 1)
            (h3, h2, h1) = (h2, h1, h0)
            (g3, g2, g1) = (g2, g1, g0)
            h0 = load(taps - 2 - k, 0)
            g0 = load(taps - 2 - k, 1)
        }
        // The low rows are now the centres h + j.
        let w = T.Vector(repeating: weights[half])
        a0 = a0.addingProduct(l0, w); a1 = a1.addingProduct(l1, w); a2 = a2.addingProduct(l2, w); a3 = a3.addingProduct(l3, w)
        b0 = b0.addingProduct(m0, w); b1 = b1.addingProduct(m1, w); b2 = b2.addingProduct(m2, w); b3 = b3.addingProduct(m3, w)
        storeVector(a0, o0 + i); storeVector(b0, o0 + i + width)
        storeVector(a1, o1 + i); storeVector(b1, o1 + i + width)
        storeVector(a2, o2 + i); storeVector(b2, o2 + i + width)
        storeVector(a3, o3 + i); storeVector(b3, o3 + i + width)
        i += 2 * width
    }
    while i < n {
        for j in 0..<4 {
            var a: T = 0
            for k in 0..<half { a = a.addingProduct(rows[k + j][i] + rows[taps - 1 - k + j][i], weights[k]) }
            let out = j == 0 ? o0 : j == 1 ? o1 : j == 2 ? o2 : o3
            out[i] = a.addingProduct(rows[half + j][i], weights[half])
        }
        i += 1
    }
}

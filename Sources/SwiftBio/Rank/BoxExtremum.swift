/// Minimum or maximum over a full h × w box (a 2D image, or each plane of
/// a 3D one), separably, heights first: output rows are made in pairs,
/// the extreme of h + 1 source rows read in place (the h − 1 rows both
/// windows share reduced once; one pass for h ≤ 8) written into a line
/// with room for the width borders, which `mode` then fills (extending a
/// row commutes with taking extremes across rows). Each line's width
/// windows of w pixels take about log4(w) + 1 passes, the last into the
/// output. Every pass is a straight loop over rows that the compiler
/// vectorises. In the image's own type, `fill` for constant borders.
@inlinable
func boxExtremum<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, height h: Int, width w: Int,
    minimum: Bool, mode: BoundaryMode, fill: P
) {
    let shape = image.shape, n = shape.width, rows = shape.height
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: n * (h + 3)) { chunk in
        let stride = n + w
        let buffer = UnsafeMutablePointer<P>.allocate(capacity: 5 * stride)
        defer { buffer.deallocate() }
        let lines = (buffer, buffer + stride), scratch = (buffer + 2 * stride, buffer + 3 * stride)
        let fillRow = buffer + 4 * stride
        fillRow.initialize(repeating: fill, count: n)
        let before = w / 2, after = w - 1 - w / 2
        /// Fills the width borders of `line`, whose pixels 0 ..< n sit at `before`.
        func extendBorders(_ line: UnsafeMutablePointer<P>) {
            for p in -before..<0 { line[before + p] = mode.sourceIndex(p, count: n).map { line[before + $0] } ?? fill }
            for p in n..<(n + after) { line[before + p] = mode.sourceIndex(p, count: n).map { line[before + $0] } ?? fill }
        }
        /// `out[x]` = extreme of `line[x ..< x + w]`: windows of span s grow ×4
        /// (then ×2) per pass; two overlapping windows finish.
        func widthExtreme(_ line: UnsafePointer<P>, into out: UnsafeMutablePointer<P>) {
            var span = 1, current = line, next = scratch.0
            while span < w && span * 2 <= w {
                let ways = span * 4 <= w ? 4 : 2
                let last = span * ways == w
                _extremeOfShifted(current, shift: span, ways: ways, count: last ? n : n + w - ways * span,
                                  minimum: minimum, into: last ? out : next)
                if last { return }
                current = UnsafePointer(next)
                next = next == scratch.0 ? scratch.1 : scratch.0
                span *= ways
            }
            if span == w {
                out.update(from: current, count: n)
            } else {
                _extremeOfShifted(current, shift: w - span, ways: 2, count: n, minimum: minimum, into: out)
            }
        }
        var sources = [UnsafePointer<P>](repeating: UnsafePointer(fillRow), count: h + 1)
        var r = chunk.lowerBound
        while r < chunk.upperBound {
            let plane = r / rows, y = r % rows
            // Two output rows of one plane share h - 1 of their h + 1 source rows.
            let pair = h > 1 && r + 1 < chunk.upperBound && y + 1 < rows
            for k in 0..<(pair ? h + 1 : h) {
                sources[k] = mode.sourceIndex(y + k - h / 2, count: rows).map { image.row(plane * rows + $0) }
                    ?? UnsafePointer(fillRow)
            }
            if pair {
                _extremeOfRowPair(sources, height: h, count: n, minimum: minimum, into: lines.0 + before, lines.1 + before)
            } else {
                _extremeOfRows(sources[0..<h], count: n, minimum: minimum, into: lines.0 + before)
            }
            for k in 0..<(pair ? 2 : 1) {
                let line = k == 0 ? lines.0 : lines.1
                extendBorders(line)
                widthExtreme(UnsafePointer(line), into: output.row(r + k))
            }
            r += pair ? 2 : 1
        }
    }
}

/// dst[x] = extreme of src[x + k·shift], k < ways (2 or 4), for x < count.
@inlinable
func _extremeOfShifted<P: Comparable>(
    _ src: UnsafePointer<P>, shift: Int, ways: Int, count: Int, minimum: Bool, into dst: UnsafeMutablePointer<P>
) {
    let s1 = src + shift, s2 = src + 2 * shift, s3 = src + 3 * shift
    switch (ways, minimum) {
    case (2, true): for x in 0..<count { dst[x] = Swift.min(src[x], s1[x]) }
    case (2, false): for x in 0..<count { dst[x] = Swift.max(src[x], s1[x]) }
    case (_, true): for x in 0..<count { dst[x] = Swift.min(Swift.min(src[x], s1[x]), Swift.min(s2[x], s3[x])) }
    case (_, false): for x in 0..<count { dst[x] = Swift.max(Swift.max(src[x], s1[x]), Swift.max(s2[x], s3[x])) }
    }
}

/// Output rows a and b from h + 1 rows: `a` the extreme of rows 0 ..< h,
/// `b` of rows 1 ... h. The h − 1 shared rows are reduced once: in one
/// pass for h ≤ 8 (rows repeated to fill eight loads change no extreme),
/// else by `_extremeOfRows` into `a` and a final pass.
@inlinable
func _extremeOfRowPair<P: Comparable>(
    _ rows: [UnsafePointer<P>], height h: Int, count: Int, minimum: Bool,
    into a: UnsafeMutablePointer<P>, _ b: UnsafeMutablePointer<P>
) {
    let first = rows[0], last = rows[h]
    if h <= 8 {
        let shared = h - 1  // the last shared row
        let s0 = rows[1], s1 = rows[min(2, shared)], s2 = rows[min(3, shared)], s3 = rows[min(4, shared)]
        let s4 = rows[min(5, shared)], s5 = rows[min(6, shared)], s6 = rows[min(7, shared)]
        if minimum {
            for x in 0..<count {
                let m = Swift.min(Swift.min(Swift.min(s0[x], s1[x]), Swift.min(s2[x], s3[x])),
                                  Swift.min(Swift.min(s4[x], s5[x]), s6[x]))
                a[x] = Swift.min(m, first[x]); b[x] = Swift.min(m, last[x])
            }
        } else {
            for x in 0..<count {
                let m = Swift.max(Swift.max(Swift.max(s0[x], s1[x]), Swift.max(s2[x], s3[x])),
                                  Swift.max(Swift.max(s4[x], s5[x]), s6[x]))
                a[x] = Swift.max(m, first[x]); b[x] = Swift.max(m, last[x])
            }
        }
        return
    }
    _extremeOfRows(rows[1..<h], count: count, minimum: minimum, into: a)
    if minimum {
        for x in 0..<count { let m = a[x]; a[x] = Swift.min(m, first[x]); b[x] = Swift.min(m, last[x]) }
    } else {
        for x in 0..<count { let m = a[x]; a[x] = Swift.max(m, first[x]); b[x] = Swift.max(m, last[x]) }
    }
}

/// out[x] = extreme over the rows, four at a time then three more per pass
/// (`out` never aliases a source: a runtime overlap check would send the
/// loop down its scalar path).
@inlinable
func _extremeOfRows<P: Comparable>(_ rows: ArraySlice<UnsafePointer<P>>, count: Int, minimum: Bool, into out: UnsafeMutablePointer<P>) {
    // Positions within the slice (a slice keeps its base array's indices).
    @inline(__always) func row(_ k: Int) -> UnsafePointer<P> { rows[rows.startIndex + k] }
    let n = rows.count, first = min(n, 4)
    let r0 = row(0), r1 = row(min(1, first - 1)), r2 = row(min(2, first - 1)), r3 = row(first - 1)
    if minimum {
        for x in 0..<count { out[x] = Swift.min(Swift.min(r0[x], r1[x]), Swift.min(r2[x], r3[x])) }
    } else {
        for x in 0..<count { out[x] = Swift.max(Swift.max(r0[x], r1[x]), Swift.max(r2[x], r3[x])) }
    }
    var k = first
    while k < n {
        let a = row(k), b = row(min(k + 1, n - 1)), c = row(min(k + 2, n - 1))
        if minimum {
            for x in 0..<count { out[x] = Swift.min(out[x], Swift.min(Swift.min(a[x], b[x]), c[x])) }
        } else {
            for x in 0..<count { out[x] = Swift.max(out[x], Swift.max(Swift.max(a[x], b[x]), c[x])) }
        }
        k += 3
    }
}

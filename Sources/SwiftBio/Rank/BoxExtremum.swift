/// Minimum or maximum over a full h × w box (a 2D image, or each plane of
/// a 3D one), separably: each worker keeps the width-extremes of the last
/// h + 1 source rows in a ring, so every source row is reduced once; output
/// rows are made in pairs from h + 1 ring rows, the h − 1 rows both windows
/// share reduced once (one pass for h ≤ 8). Every pass is a straight loop
/// over rows that the compiler vectorises: a width window of w pixels
/// takes about log4(w) + 1 passes. In the image's own type, `fill` for
/// constant borders.
///
/// Not for `wrap` borders: the ring slot of a row is its index mod h + 1,
/// distinct within any window of h + 1 rows only when the window's rows
/// are consecutive (true for the other modes).
@inlinable
func boxExtremum<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, height h: Int, width w: Int,
    minimum: Bool, mode: BoundaryMode, fill: P
) {
    precondition(mode != .wrap)
    let shape = image.shape, n = shape.width, rows = shape.height
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: n * (h + 3)) { chunk in
        let stride = n + w
        let buffer = UnsafeMutablePointer<P>.allocate(capacity: (h + 5) * stride)
        defer { buffer.deallocate() }
        let ring = buffer, line = buffer + (h + 1) * stride, scratch = (line + stride, line + 2 * stride)
        let fillRow = line + 3 * stride
        fillRow.initialize(repeating: fill, count: n)
        var tags = [Int](repeating: -1, count: h + 1)
        /// The width-extremes of source row `s` of `plane`, from the ring or computed into it.
        func reduced(_ plane: Int, _ s: Int) -> UnsafePointer<P> {
            let slot = s % (h + 1), dst = ring + slot * stride, tag = plane * rows + s
            if tags[slot] == tag { return UnsafePointer(dst) }
            tags[slot] = tag
            mode.extendLine(image.row(tag), count: n, from: -(w / 2), to: n + (w - 1 - w / 2), cval: fill,
                            into: line, convert: IdentityConversion<P>())
            // Windows of span s grow ×4 (then ×2) per pass; two overlapping windows finish.
            var span = 1, current = UnsafePointer(line), next = scratch.0
            while span < w && span * 2 <= w {
                let ways = span * 4 <= w ? 4 : 2
                _extremeOfShifted(current, shift: span, ways: ways, count: n + w - ways * span, minimum: minimum, into: next)
                current = UnsafePointer(next)
                next = next == scratch.0 ? scratch.1 : scratch.0
                span *= ways
            }
            if span == w {
                dst.update(from: current, count: n)
            } else {
                _extremeOfShifted(current, shift: w - span, ways: 2, count: n, minimum: minimum, into: dst)
            }
            return UnsafePointer(dst)
        }
        var sources = [UnsafePointer<P>](repeating: UnsafePointer(fillRow), count: h + 1)
        var r = chunk.lowerBound
        while r < chunk.upperBound {
            let plane = r / rows, y = r % rows
            // Two output rows of one plane share h - 1 of their h + 1 ring rows.
            let pair = h > 1 && r + 1 < chunk.upperBound && y + 1 < rows
            for k in 0..<(pair ? h + 1 : h) {
                sources[k] = mode.sourceIndex(y + k - h / 2, count: rows).map { reduced(plane, $0) } ?? UnsafePointer(fillRow)
            }
            if pair {
                _extremeOfRowPair(sources, height: h, count: n, minimum: minimum, into: output.row(r), output.row(r + 1))
                r += 2
            } else {
                _extremeOfRows(sources[0..<h], count: n, minimum: minimum, into: output.row(r))
                r += 1
            }
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

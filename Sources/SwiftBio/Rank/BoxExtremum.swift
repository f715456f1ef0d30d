/// Minimum or maximum over a full h × w box (a 2D image, or each plane of
/// a 3D one), separably and a vector of pixels at a time: each worker
/// keeps the width-extremes of the last h source rows in a ring, so every
/// source row is reduced once; an output row is then the extreme of h
/// ring rows. Width-extremes over w pixels take ⌈log2 w⌉ passes of
/// doubling windows; every pass is a straight loop over a row that the
/// compiler vectorises. In the image's own type, `fill` for constant borders.
///
/// Not for `wrap` borders: the ring slot of a row is its index mod h,
/// distinct within any window of h rows only when the window's rows are
/// consecutive (true for the other modes).
@inlinable
func boxExtremum<P: PixelScalar & Comparable>(
    _ image: ImageView<P>, into output: MutableImageView<P>, height h: Int, width w: Int,
    minimum: Bool, mode: BoundaryMode, fill: P
) {
    precondition(mode != .wrap)
    let shape = image.shape, n = shape.width, rows = shape.height
    // Two straight loops the compiler vectorises; source and destination never overlap in
    // `combine` (a runtime overlap check would send the loop down its scalar path).
    /// `dst[x] = pick(a[x], b[x])` for x < count.
    @inline(__always) func combine(_ a: UnsafePointer<P>, _ b: UnsafePointer<P>, into dst: UnsafeMutablePointer<P>, count: Int) {
        if minimum {
            for x in 0..<count { dst[x] = Swift.min(a[x], b[x]) }
        } else {
            for x in 0..<count { dst[x] = Swift.max(a[x], b[x]) }
        }
    }
    /// `dst[x] = pick(dst[x], b[x])` for x < count.
    @inline(__always) func accumulate(_ b: UnsafePointer<P>, into dst: UnsafeMutablePointer<P>, count: Int) {
        if minimum {
            for x in 0..<count { dst[x] = Swift.min(dst[x], b[x]) }
        } else {
            for x in 0..<count { dst[x] = Swift.max(dst[x], b[x]) }
        }
    }
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: n * (h + 3)) { chunk in
        let stride = n + w
        let buffer = UnsafeMutablePointer<P>.allocate(capacity: (h + 4) * stride)
        defer { buffer.deallocate() }
        let ring = buffer, line = buffer + h * stride, scratch = (line + stride, line + 2 * stride)
        let fillRow = line + 3 * stride
        fillRow.initialize(repeating: fill, count: n)
        var tags = [Int](repeating: -1, count: h)
        /// The width-extremes of source row `s` of `plane`, from the ring or computed into it.
        func reduced(_ plane: Int, _ s: Int) -> UnsafePointer<P> {
            let slot = s % h, dst = ring + slot * stride, tag = plane * rows + s
            if tags[slot] == tag { return UnsafePointer(dst) }
            tags[slot] = tag
            mode.extendLine(image.row(tag), count: n, from: -(w / 2), to: n + (w - 1 - w / 2), cval: fill,
                            into: line, convert: IdentityConversion<P>())
            // Doubling windows: after k passes current[x] covers 2^k pixels (ping-pong buffers).
            var span = 1, current = UnsafePointer(line), next = scratch.0
            while span * 2 <= w {
                combine(current, current + span, into: next, count: n + w - 2 * span)
                current = UnsafePointer(next)
                next = next == scratch.0 ? scratch.1 : scratch.0
                span *= 2
            }
            combine(current, current + (w - span), into: dst, count: n)  // two overlapping windows cover w
            return UnsafePointer(dst)
        }
        var sources = [UnsafePointer<P>](repeating: UnsafePointer(fillRow), count: h)
        for r in chunk {
            let plane = r / rows, y = r % rows, out = output.row(r)
            for k in 0..<h {
                sources[k] = mode.sourceIndex(y + k - h / 2, count: rows).map { reduced(plane, $0) } ?? UnsafePointer(fillRow)
            }
            if h == 1 { out.update(from: sources[0], count: n); continue }
            combine(sources[0], sources[1], into: out, count: n)
            for k in 2..<max(h, 2) { accumulate(sources[k], into: out, count: n) }
        }
    }
}

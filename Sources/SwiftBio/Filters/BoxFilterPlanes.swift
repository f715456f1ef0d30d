/// Mean over an h × w box within each plane, both passes fused: each
/// worker keeps running column sums (in double) over the box's rows,
/// updated by the row entering and the row leaving, and each output row is
/// a running sum of w column sums. Memory traffic: two input rows read and
/// one output row written per row, no intermediate image (a 51×51 mean
/// in float64 on 2048² took 9.7 ms through two running-sum passes).
///
/// The row sums run in four independent segments so that their additions
/// overlap. Border modes as scipy's `uniform_filter` applies them per
/// axis; not for a non-zero constant border (excluded by the caller).
@inlinable
func boxFilterPlanes<In: PixelScalar, T: FilterScalar>(
    _ input: ImageView<In>, into output: MutableImageView<T>, height h: Int, width w: Int, mode: BoundaryMode
) {
    let shape = input.shape, n = shape.width, rows = shape.height
    let up = h / 2, left = w / 2, scale = 1 / Double(h * w)
    // Source column of each extended column −left … n − 1 + (w − 1 − left); −1: a zero (constant) column.
    let columnSource = (0..<(n + w - 1)).map { mode.sourceIndex($0 - left, count: n) ?? -1 }
    let firstInside = left, lastInside = left + n  // extended columns that are the image's own columns
    columnSource.withUnsafeBufferPointer { columnSource in
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: n * 4) { chunk in
            let sums = UnsafeMutablePointer<Double>.allocate(capacity: n + w - 1)
            defer { sums.deallocate() }
            var current = -1  // the row the sums hold (plane-wide index), −1: none
            /// Adds source row `s` of `plane` (nil: a zero row) to the column sums.
            func add(_ plane: Int, _ s: Int?) {
                guard let s else { return }
                let row = input.row(plane * rows + s), inside = sums + firstInside
                for x in 0..<n { inside[x] += row[x].asDouble }
                addBorders(row, nil)
            }
            /// The border columns of `entering` minus those of `leaving` (either may be nil).
            func addBorders(_ entering: UnsafePointer<In>?, _ leaving: UnsafePointer<In>?) {
                func one(_ e: Int) {
                    let c = columnSource[e]
                    guard c >= 0 else { return }
                    sums[e] += (entering.map { $0[c].asDouble } ?? 0) - (leaving.map { $0[c].asDouble } ?? 0)
                }
                for e in 0..<firstInside { one(e) }
                for e in lastInside..<(n + w - 1) { one(e) }
            }
            for r in chunk {
                let plane = r / rows, y = r % rows
                if current >= 0 && r == current + 1 && y > 0 {
                    // Slide down one row: one pass adds the entering row and removes the leaving one.
                    let entering = mode.sourceIndex(y + h - 1 - up, count: rows).map { input.row(plane * rows + $0) }
                    let leaving = mode.sourceIndex(y - 1 - up, count: rows).map { input.row(plane * rows + $0) }
                    let inside = sums + firstInside
                    switch (entering, leaving) {
                    case let (e?, l?): for x in 0..<n { inside[x] += e[x].asDouble - l[x].asDouble }
                    case let (e?, nil): for x in 0..<n { inside[x] += e[x].asDouble }
                    case let (nil, l?): for x in 0..<n { inside[x] -= l[x].asDouble }
                    case (nil, nil): break
                    }
                    addBorders(entering, leaving)
                } else {
                    sums.update(repeating: 0, count: n + w - 1)
                    for k in 0..<h { add(plane, mode.sourceIndex(y + k - up, count: rows)) }
                }
                current = r
                _runningBoxSums(sums, window: w, count: n, scale: scale, into: output.row(r))
            }
        }
    }
}

/// out[x] = scale · (sums[x] + … + sums[x + window − 1]) for x < count, as
/// running sums in four independent segments (their additions overlap).
@inlinable
func _runningBoxSums<T: FilterScalar>(_ sums: UnsafePointer<Double>, window w: Int, count n: Int, scale: Double,
                                      into out: UnsafeMutablePointer<T>) {
    let q = n / 4
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    for j in 0..<w { s0 += sums[j]; s1 += sums[q + j]; s2 += sums[2 * q + j]; s3 += sums[3 * q + j] }
    for i in 0..<q {
        out[i] = T(s0 * scale); out[q + i] = T(s1 * scale); out[2 * q + i] = T(s2 * scale); out[3 * q + i] = T(s3 * scale)
        s0 += sums[i + w] - sums[i]
        s1 += sums[q + i + w] - sums[q + i]
        s2 += sums[2 * q + i + w] - sums[2 * q + i]
        s3 += sums[3 * q + i + w] - sums[3 * q + i]
    }
    for x in (4 * q)..<n {  // the rest of the last segment
        out[x] = T(s3 * scale)
        if x + 1 < n { s3 += sums[x + w] - sums[x] }
    }
}

/// Minimum or maximum over a footprint (`scipy.ndimage.minimum_filter` /
/// `maximum_filter` with `footprint=`; grey erosion and dilation): output
/// pixel p is the extreme of `input[p + q − size / 2]` over the footprint's
/// offsets q, borders from `mode`, cval applied in double precision as
/// scipy does, the result cast back to the input's type.
///
/// A full box of more than 16 rows runs separably (`maximumFilter`). Any
/// other footprint is cut into runs of ones along the width (a disk of
/// radius r: 2r + 1 runs). Each padded source row gets a sparse table of
/// extremes over windows of 2^k pixels (k ≤ log2 of the longest run), kept
/// while the output rows below reuse it; a run of length L is the extreme
/// of two overlapping windows of the table. Every pass is a straight loop
/// over a row that the compiler vectorises: log2(L) passes per padded row
/// and one per run.
///
/// Works in Float when the input's values (uint8, uint16, float32,
/// bool) and cval are exact in Float (8 lanes per vector), else in Double.
@inlinable
public func extremumFilter<P: PixelScalar>(
    _ image: ImageView<P>, into output: MutableImageView<P>, footprintShape: [Int], footprint: [Bool],
    minimum: Bool, mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape, rank = shape.rank
    try require(output.shape == shape, "output shape \(output.shape) does not match input shape \(shape)")
    try require(footprintShape.count == rank && footprintShape.allSatisfy { $0 >= 1 },
                "footprint must have the image's \(rank) dimensions, got shape \(footprintShape)")
    try require(footprint.count == footprintShape.reduce(1, *) && footprint.contains(true), "footprint must not be empty")
    // scipy's bool buffers are bytes: a fractional extreme casts toward zero (max with cval 0.5 is False).
    let cval = P.dtype == .bool ? cval.rounded(.towardZero) : cval
    let floatExact: Set<DType> = [.bool, .uint8, .uint16, .float32]
    if floatExact.contains(P.dtype) && (mode != .constant || Double(Float(cval)) == cval || cval.isNaN) {
        try _extremumFilter(image, into: output, footprintShape: footprintShape, footprint: footprint,
                            minimum: minimum, mode: mode, cval: cval, working: Float.self)
    } else {
        try _extremumFilter(image, into: output, footprintShape: footprintShape, footprint: footprint,
                            minimum: minimum, mode: mode, cval: cval, working: Double.self)
    }
}

@inlinable
func _extremumFilter<P: PixelScalar, W: FilterScalar>(
    _ image: ImageView<P>, into output: MutableImageView<P>, footprintShape: [Int], footprint: [Bool],
    minimum: Bool, mode: BoundaryMode, cval: Double, working: W.Type
) throws {
    let shape = image.shape, rank = shape.rank
    let size = (rank == 2 ? [1] : []) + footprintShape
    if !footprint.contains(false) && size[0] * size[1] > 16 {
        let result = try ImageBuffer<Double>(shape: shape)
        try maximumFilter(image, into: result.view, size: footprintShape, mode: mode, cval: cval, minimum: minimum)
        Parallel.forEachChunk(of: shape.count, workPerItem: 1) { range in
            for i in range { output.base[i] = P.fromDouble(result.view.base[i]) }
        }
        return
    }
    // Runs of ones per footprint row: (dz, dy) → [(first x, length)].
    var footprintRows: [(dz: Int, dy: Int, runs: [(x: Int, length: Int)])] = []
    for dz in 0..<size[0] {
        for dy in 0..<size[1] {
            var runs: [(x: Int, length: Int)] = [], x = 0
            while x < size[2] {
                guard footprint[(dz * size[1] + dy) * size[2] + x] else { x += 1; continue }
                let start = x
                while x < size[2] && footprint[(dz * size[1] + dy) * size[2] + x] { x += 1 }
                runs.append((start, x - start))
            }
            if !runs.isEmpty { footprintRows.append((dz, dy, runs)) }
        }
    }
    let before = size.map { $0 / 2 }, after = zip(size, before).map { $0 - 1 - $1 }
    let padded: ImageBuffer<W> = try paddedCopy(image, before: before, after: after, mode: mode, cval: cval)
    let p = padded.view, width = shape.width, paddedWidth = p.shape.width
    let top = _floorLog2(footprintRows.flatMap { $0.runs.map(\.length) }.max()!)
    // Each thread keeps the tables of the last size[0] × size[1] padded rows it read, tagged with
    // the row, so consecutive output rows reuse them: log2(L) passes per padded row, one per run.
    let slots = size[0] * size[1], slotLength = max(top, 1) * paddedWidth
    let runCount = footprintRows.reduce(0) { $0 + $1.runs.count }
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * (runCount + top)) { rows in
        let scratch = UnsafeMutablePointer<W>.allocate(capacity: slots * slotLength + width)
        defer { scratch.deallocate() }
        let out = scratch + slots * slotLength
        var tags = [Int](repeating: -1, count: slots)
        for r in rows {
            let z = r / shape.height, y = r % shape.height
            out.update(repeating: minimum ? .infinity : -.infinity, count: width)
            for row in footprintRows {
                let paddedRow = (z + row.dz) * p.shape.height + y + row.dy
                let source = UnsafeMutablePointer(mutating: p.row(paddedRow))
                let slot = ((z + row.dz) % size[0]) * size[1] + (y + row.dy) % size[1]
                // table + (k − 1) · paddedWidth: extremes over windows of 2^k source pixels.
                let table = scratch + slot * slotLength
                if tags[slot] != paddedRow {
                    tags[slot] = paddedRow
                    var previous = source
                    for k in stride(from: 1, through: top, by: 1) {
                        let level = table + (k - 1) * paddedWidth, half = 1 << (k - 1)
                        _extremeOfPair(previous, previous + half, into: level, count: paddedWidth - 2 * half + 1,
                                       minimum: minimum)
                        previous = level
                    }
                }
                for run in row.runs {
                    let k = _floorLog2(run.length)
                    let level = (k == 0 ? source : table + (k - 1) * paddedWidth) + run.x
                    _accumulateExtreme(level, level + run.length - (1 << k), into: out, count: width, minimum: minimum)
                }
            }
            let destination = output.row(r)
            for x in 0..<width { destination[x] = P.fromDouble(Double(out[x])) }
        }
    }
}

@inlinable
func _floorLog2(_ n: Int) -> Int { Int.bitWidth - 1 - n.leadingZeroBitCount }

/// `out[i] = min(out[i], min(a[i], b[i]))` (or max) for `i < count`.
@inlinable
func _accumulateExtreme<W: FilterScalar>(_ a: UnsafeMutablePointer<W>, _ b: UnsafeMutablePointer<W>,
                                         into out: UnsafeMutablePointer<W>, count: Int, minimum: Bool) {
    if minimum { for i in 0..<count { out[i] = Swift.min(out[i], Swift.min(a[i], b[i])) } }
    else { for i in 0..<count { out[i] = Swift.max(out[i], Swift.max(a[i], b[i])) } }
}

/// `out[i] = min(a[i], b[i])` (or max) for `i < count`, `Swift.min`'s
/// NaN rule; `out` may alias `a`.
@inlinable
func _extremeOfPair<W: FilterScalar>(_ a: UnsafeMutablePointer<W>, _ b: UnsafeMutablePointer<W>,
                                     into out: UnsafeMutablePointer<W>, count: Int, minimum: Bool) {
    if minimum { for i in 0..<count { out[i] = Swift.min(a[i], b[i]) } }
    else { for i in 0..<count { out[i] = Swift.max(a[i], b[i]) } }
}

/// Connected-component labeling of an integer image, as
/// `skimage.measure.label`: neighbours with the same value (other than
/// pixels equal to `background`) share a label; labels are numbered 1, 2, … in raster order
/// of each component's first pixel.
///
/// Run-based union–find (after He, Chao & Suzuki, "A run-based two-scan
/// labeling algorithm", IEEE TIP 2008, doi:10.1109/TIP.2008.919369): rows
/// are cut into runs of equal value in parallel, runs of neighbouring rows
/// are merged (the union keeps the smaller run index, so a component's
/// root is its first run in raster order), then rows are filled with their
/// runs' labels in parallel. `connectivity` is the number of orthogonal
/// steps a neighbour may be away (1 … rank: 4/8 in 2D, 6/18/26 in 3D).
///
/// - Returns: the number of labels.
@inlinable
public func labelComponents<P: PixelScalar, L: FixedWidthInteger>(
    _ image: ImageView<P>, into output: MutableImageView<L>, background: Double, connectivity: Int
) throws -> Int {
    let shape = image.shape
    try require(output.shape == shape, "output shape \(output.shape) does not match image shape \(shape)")
    let components = try ComponentRuns(image, background: background, connectivity: connectivity)
    guard components.count <= Int(L.max) else {
        throw EngineError.invalidArgument("more than \(L.max) labels: use a wider output type")
    }
    components.paint(into: output, width: shape.width, values: (0...components.count).map { L($0) })
    return components.count
}

/// The connected components of an image as runs: each row's runs of equal
/// values other than the background, and each run's component label
/// (1, 2, … in raster order of the component's first pixel).
public struct ComponentRuns: Sendable {
    /// Index of each row's first run (one entry more than rows).
    public let firstRun: [Int]
    public let starts: [Int32], ends: [Int32]
    /// Label of each run.
    public let runLabel: [Int32]
    /// Number of components.
    public let count: Int

    @inlinable
    public init<P: PixelScalar>(_ image: ImageView<P>, background: Double, connectivity: Int) throws {
        let shape = image.shape
        try require(connectivity >= 1 && connectivity <= shape.rank,
                    "connectivity must be between 1 and \(shape.rank), got \(connectivity)")
        let rows = shape.rowCount, width = shape.width
        // Runs per row, then each row's first run index.
        var firstRun = [Int](repeating: 0, count: rows + 1)
        firstRun.withUnsafeMutableBufferPointer { counts in
            Parallel.forEachChunk(of: rows, workPerItem: width) { range in
                for r in range { counts[r + 1] = _runs(in: image.row(r), count: width, background: background) { _, _ in } }
            }
        }
        for r in 0..<rows { firstRun[r + 1] += firstRun[r] }
        let runCount = firstRun[rows]
        var starts = [Int32](repeating: 0, count: runCount), ends = [Int32](repeating: 0, count: runCount)
        starts.withUnsafeMutableBufferPointer { s in
            ends.withUnsafeMutableBufferPointer { e in
                Parallel.forEachChunk(of: rows, workPerItem: width) { range in
                    for r in range {
                        var i = firstRun[r]
                        _ = _runs(in: image.row(r), count: width, background: background) { start, end in
                            s[i] = Int32(start); e[i] = Int32(end); i += 1
                        }
                    }
                }
            }
        }
        // Merge runs with the runs of earlier neighbouring rows.
        var parent = [Int32](unsafeUninitializedCapacity: runCount) { buffer, count in
            for i in 0..<runCount { buffer[i] = Int32(i) }
            count = runCount
        }
        let neighbours = _neighbourRows(rank: shape.rank, connectivity: connectivity)
        parent.withUnsafeMutableBufferPointer { parent in
            for r in 0..<rows {
                let z = r / shape.height, y = r % shape.height
                for (dz, dy, reach) in neighbours {
                    let nz = z + dz, ny = y + dy
                    guard nz >= 0, ny >= 0, ny < shape.height else { continue }
                    let q = nz * shape.height + ny
                    // For each run, the runs of row q within reach: those not
                    // ending before it starts (a pointer that only moves right)
                    // up to the first starting after it ends.
                    var low = firstRun[q]
                    let end = firstRun[q + 1]
                    for a in firstRun[r]..<firstRun[r + 1] {
                        while low < end && Int(ends[low]) + reach <= Int(starts[a]) { low += 1 }
                        var b = low
                        while b < end && Int(starts[b]) < Int(ends[a]) + reach {
                            if image.row(r)[Int(starts[a])] == image.row(q)[Int(starts[b])] { _union(parent, a, b) }
                            b += 1
                        }
                    }
                }
            }
        }
        // Labels in raster order of each component's first run.
        var runLabel = [Int32](repeating: 0, count: runCount)
        var count = 0
        for i in 0..<runCount {
            let root = Int(_find(&parent, i))
            if root == i {
                count += 1
                guard count < Int(Int32.max) else { throw EngineError.invalidArgument("more than 2**31 - 2 components") }
                runLabel[i] = Int32(count)
            } else {
                runLabel[i] = runLabel[root]
            }
        }
        self.firstRun = firstRun
        self.starts = starts
        self.ends = ends
        self.runLabel = runLabel
        self.count = count
    }

    /// Pixel count of each component (index = label; entry 0 unused).
    @inlinable
    public var sizes: [Int] {
        var sizes = [Int](repeating: 0, count: count + 1)
        for i in runLabel.indices { sizes[Int(runLabel[i])] += Int(ends[i] - starts[i]) }
        return sizes
    }

    /// Fills every row of `output`: `values[label]` over each run, 0 elsewhere
    /// (`values` has `count + 1` entries). A table, not a closure: a closure
    /// called from every worker had its context retained per call, and two
    /// threads ran slower than one.
    @inlinable
    public func paint<T: FixedWidthInteger>(into output: MutableImageView<T>, width: Int, values: [T]) {
        precondition(values.count == count + 1)
        let rows = output.shape.rowCount
        values.withUnsafeBufferPointer { values in
            firstRun.withUnsafeBufferPointer { firstRun in
                starts.withUnsafeBufferPointer { starts in
                    ends.withUnsafeBufferPointer { ends in
                        runLabel.withUnsafeBufferPointer { runLabel in
                            Parallel.forEachChunk(of: rows, workPerItem: width) { range in
                                for r in range {
                                    let out = output.row(r)
                                    out.update(repeating: 0, count: width)
                                    for i in firstRun[r]..<firstRun[r + 1] {
                                        (out + Int(starts[i])).update(repeating: values[Int(runLabel[i])], count: Int(ends[i] - starts[i]))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Calls `body(start, end)` for every run of equal values other than
/// `background` in `row`, left to right; returns how many there were.
@inlinable
func _runs<P: PixelScalar>(
    in row: UnsafePointer<P>, count n: Int, background: Double, _ body: (Int, Int) -> Void
) -> Int {
    var runs = 0, x = 0
    if MemoryLayout<P>.size == 1 && background == 0 {
        // Bytes (masks, uint8): skip background and extend runs 8 pixels at
        // a time (on a 2048² nuclei mask, labeling went from 12 ms to 2.3 ms).
        let bytes = UnsafeRawPointer(row)
        while x < n {
            while x + 8 <= n && bytes.loadUnaligned(fromByteOffset: x, as: UInt64.self) == 0 { x += 8 }
            guard x < n else { break }
            let byte = bytes.load(fromByteOffset: x, as: UInt8.self)
            if byte == 0 { x += 1; continue }
            let start = x, pattern = UInt64(byte) &* 0x0101_0101_0101_0101
            while x + 8 <= n && bytes.loadUnaligned(fromByteOffset: x, as: UInt64.self) == pattern { x += 8 }
            while x < n && bytes.load(fromByteOffset: x, as: UInt8.self) == byte { x += 1 }
            body(start, x)
            runs += 1
        }
        return runs
    }
    while x < n {
        let value = row[x]
        if value.asDouble == background { x += 1; continue }
        let start = x
        while x < n && row[x] == value { x += 1 }
        body(start, x)
        runs += 1
    }
    return runs
}

/// Earlier rows whose runs can touch a run of row (z, y): offsets
/// (dz, dy) and how far diagonally (0 or 1 pixel) runs may reach.
@inlinable
func _neighbourRows(rank: Int, connectivity: Int) -> [(Int, Int, Int)] {
    let candidates = rank == 2 ? [(0, -1)] : [(0, -1), (-1, -1), (-1, 0), (-1, 1)]
    return candidates.compactMap { dz, dy in
        let steps = (dz != 0 ? 1 : 0) + (dy != 0 ? 1 : 0)
        guard steps <= connectivity else { return nil }
        return (dz, dy, steps + 1 <= connectivity ? 1 : 0)
    }
}

@inlinable
func _find(_ parent: inout [Int32], _ i: Int) -> Int32 {
    var root = Int32(i)
    while parent[Int(root)] != root { root = parent[Int(root)] }
    var j = Int32(i)
    while parent[Int(j)] != root { let next = parent[Int(j)]; parent[Int(j)] = root; j = next }
    return root
}

/// Joins the sets of `a` and `b`; the smaller root becomes the root.
@inlinable
func _union(_ parent: UnsafeMutableBufferPointer<Int32>, _ a: Int, _ b: Int) {
    var ra = Int32(a), rb = Int32(b)
    while parent[Int(ra)] != ra { ra = parent[Int(ra)] }
    while parent[Int(rb)] != rb { rb = parent[Int(rb)] }
    if ra < rb { parent[Int(rb)] = ra } else if rb < ra { parent[Int(ra)] = rb }
    parent[a] = min(ra, rb)
    parent[b] = min(ra, rb)
}

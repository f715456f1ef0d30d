/// Marker-based watershed, exactly as `skimage.segmentation.watershed`.
///
/// Priority flooding (Beucher & Meyer; the compact variant: Neubert &
/// Protzel, "Compact Watershed and Preemptive SLIC", ICPR 2014,
/// doi:10.1109/ICPR.2014.181) with scikit-image's queue discipline, so ties
/// resolve identically (`_FloodQueue`): markers enter in raster order with
/// age 0 and their own value; every later push gets the next age; a
/// neighbour costs at least what the pixel that reached it cost;
/// neighbours are visited nearest first, raster order among equals.
///
/// The plain flood (no compactness, no lines) runs packed when it can
/// (`_PackedFlood`: value ranks, 4 bytes per pixel, 8-byte queue entries);
/// otherwise, and for the other variants, the work image is padded by one
/// pixel, and one Int32 per pixel says
/// everything the flood asks of a neighbour: 0 (free), a label, or one of
/// two codes no marker uses, `outside` (padding or outside the mask) and
/// `line` (a watershed-line pixel). Popping a pixel prefetches the rows
/// around the next one: the flood jumps across the image from one pop to
/// the next, and waiting for those rows was most of its time.
///
/// - Parameters:
///   - labels: the markers on entry (0: unlabeled), the basins on return.
///   - mask: pixels that may be flooded (nil: all).
public func watershed(
    _ image: ImageView<Double>, labels: MutableImageView<Int32>, mask: ImageView<Bool>?,
    connectivity: Int, compactness: Double, watershedLine: Bool
) throws {
    try watershed(image, markers: labels.readOnly, labels: labels, mask: mask, connectivity: connectivity,
                  compactness: compactness, watershedLine: watershedLine)
}

/// The watershed of `markers` into `labels`, which may be the same array
/// (then the markers are flooded in place).
public func watershed(
    _ image: ImageView<Double>, markers: ImageView<Int32>, labels: MutableImageView<Int32>, mask: ImageView<Bool>?,
    connectivity: Int, compactness: Double, watershedLine: Bool
) throws {
    let shape = image.shape, rank = shape.rank
    try require(markers.shape == shape, "markers shape \(markers.shape) does not match image shape \(shape)")
    try require(labels.shape == shape, "labels shape \(labels.shape) does not match image shape \(shape)")
    if let mask { try require(mask.shape == shape, "mask shape \(mask.shape) does not match image shape \(shape)") }
    try require(connectivity >= 1 && connectivity <= rank, "connectivity must be between 1 and \(rank), got \(connectivity)")
    try require(compactness.isFinite && compactness >= 0, "compactness must be finite and >= 0")
    let grid = try _PaddedGrid(shape)
    if compactness == 0 && !watershedLine,
       let packed = try _PackedFlood(image, labels: markers, mask: mask, grid: grid) {
        try packed.run(connectivity: connectivity)
        packed.store(into: labels)
        return
    }
    if markers.base != UnsafePointer(labels.base) {
        labels.base.update(from: markers.base, count: shape.count)
    }
    let codes = _FloodCodes(unusedBy: labels.readOnly, mask: mask)
    let value = try ImageBuffer<Double>(shape: grid.shape), state = try ImageBuffer<Int32>(shape: grid.shape)
    let markers = grid.load(image, labels: labels.readOnly, mask: mask, outside: codes.outside,
                            into: value.view, state: state.view)
    let neighbours = neighbourOffsets(rank: rank, connectivity: connectivity, strides: grid.strides)
    let flood = _Flood(value: UnsafePointer(value.view.base), state: state.view.base, codes: codes,
                       neighbours: neighbours, nearbyRows: grid.rowOffsets(connectivity: connectivity),
                       strides: grid.strides)
    var lineMarkers: [Int: Int32] = [:]
    if compactness > 0 || watershedLine {
        lineMarkers = try flood.run(_SourcedItem.self, markers: markers, compactness: compactness, watershedLine: watershedLine)
    } else if grid.shape.count < Int(UInt32.max) {
        try flood.run(_PixelItem.self, markers: markers)
    } else {
        try flood.run(_SourcedItem.self, markers: markers)
    }
    grid.store(state.view.readOnly, codes: codes, into: labels)
    // Markers that became line pixels keep their label, as in scikit-image.
    for (p, label) in lineMarkers { labels.base[grid.unpadded(p)] = label }
}

/// Two Int32 codes no marker label uses.
struct _FloodCodes {
    let outside: Int32, line: Int32

    init(unusedBy labels: ImageView<Int32>, mask: ImageView<Bool>?) {
        var low = Int32.max, high = Int32.min
        for i in 0..<labels.shape.count where mask?.base[i] ?? true {
            low = min(low, labels.base[i]); high = max(high, labels.base[i])
        }
        if high <= Int32.max - 2 {
            (outside, line) = (Int32.max, Int32.max - 1)
        } else if low >= Int32.min + 2 {
            (outside, line) = (Int32.min, Int32.min + 1)
        } else {
            var used = Set<Int32>()
            for i in 0..<labels.shape.count where mask?.base[i] ?? true { used.insert(labels.base[i]) }
            var free: [Int32] = []
            var candidate = Int32.max
            while free.count < 2 {
                if !used.contains(candidate) { free.append(candidate) }
                candidate -= 1
            }
            (outside, line) = (free[0], free[1])
        }
    }

    @inline(__always) func isLabel(_ code: Int32) -> Bool { code != 0 && code != outside && code != line }
}

extension _PaddedGrid {
    /// Fills the padded value and state images (the padding and pixels
    /// outside `mask` are `outside`; values there are never read) and
    /// returns the marker pixels in raster order.
    func load(
        _ values: ImageView<Double>, labels: ImageView<Int32>, mask: ImageView<Bool>?, outside: Int32,
        into value: MutableImageView<Double>, state: MutableImageView<Int32>
    ) -> [Int] {
        let width = image.width, padded = shape.width
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: padded) { rows in
            for pr in rows {
                let out = state.row(pr)
                guard let r = imageRow(ofPaddedRow: pr) else { out.update(repeating: outside, count: padded); continue }
                let v = values.base + r * width, l = labels.base + r * width
                out[0] = outside
                out[padded - 1] = outside
                (value.row(pr) + 1).update(from: v, count: width)
                if let mask {
                    let m = mask.base + r * width
                    for x in 0..<width { out[x + 1] = m[x] ? l[x] : outside }
                } else {
                    (out + 1).update(from: l, count: width)
                }
            }
        }
        var markers: [Int] = []
        for r in 0..<image.rowCount {
            let p = paddedRow(r), row = state.base + p
            for x in 0..<width where row[x] != 0 && row[x] != outside { markers.append(p + x) }
        }
        return markers
    }

    /// Copies the flooded labels back (codes become 0).
    func store(_ state: ImageView<Int32>, codes: _FloodCodes, into labels: MutableImageView<Int32>) {
        let width = image.width
        Parallel.forEachChunk(of: image.rowCount, workPerItem: width) { rows in
            for r in rows {
                let s = state.base + paddedRow(r), l = labels.row(r)
                for x in 0..<width { l[x] = codes.isLabel(s[x]) ? s[x] : 0 }
            }
        }
    }
}

/// The flood over the padded images.
struct _Flood {
    let value: UnsafePointer<Double>
    let state: UnsafeMutablePointer<Int32>
    let codes: _FloodCodes
    let neighbours: [Int], nearbyRows: [Int], strides: [Int]

    /// Prefetches the state and value rows around padded pixel `p`.
    @inline(__always) func prefetchAround(_ p: Int) {
        for offset in nearbyRows {
            prefetch(state + (p + offset))
            prefetch(value + (p + offset))
        }
    }

    /// The plain watershed: pixels take their label when they enter the queue.
    func run<Item: _FloodItem>(_: Item.Type, markers: [Int]) throws {
        var queue = try _FloodQueue(capacity: markers.count + markers.count / 2 + 1024, order: _ItemOrder<Item>())
        for p in markers { try queue.push(Item(value: value[p], age: 0, index: p, source: p)) }
        var age = 0
        while let item = queue.pop() {
            if let next = queue.first { prefetchAround(next.index) }
            let p = item.index, label = state[p]
            for n in neighbours {
                let j = p + n
                guard state[j] == 0 else { continue }
                age += 1
                state[j] = label
                try queue.push(Item(value: Swift.max(value[j], item.value), age: age, index: j, source: p))
            }
        }
    }

    /// The compact watershed and/or watershed lines: pixels take their
    /// label when they leave the queue, so a pixel may be queued more than
    /// once. Returns the markers that became line pixels, with their labels.
    func run(_: _SourcedItem.Type, markers: [Int], compactness: Double, watershedLine: Bool) throws -> [Int: Int32] {
        var queue = try _FloodQueue(capacity: 2 * markers.count + 1024, order: _ItemOrder<_SourcedItem>())
        for p in markers { try queue.push(_SourcedItem(value: value[p], age: 0, index: p, source: p)) }
        let compact = compactness > 0
        var age = 0
        var lineMarkers: [Int: Int32] = [:]
        while let item = queue.pop() {
            if let next = queue.first { prefetchAround(next.index) }
            let p = item.index, current = state[p]
            if current != 0 && current != codes.line && p != item.source { continue }
            let label = state[item.source] == codes.line ? lineMarkers[item.source] ?? 0 : state[item.source]
            var differs = current == codes.line
            if !compact && !differs {
                for n in neighbours {
                    let q = state[p + n]
                    if codes.isLabel(q) && q != label { differs = true; break }
                }
                if differs {
                    if p == item.source { lineMarkers[p] = current }
                    state[p] = codes.line
                }
            }
            if compact || !differs { state[p] = label }
            for n in neighbours {
                let j = p + n
                guard state[j] == 0 else { continue }
                age += 1
                let cost = compact ? value[j] + compactness * distance(j, item.source) : value[j]
                try queue.push(_SourcedItem(value: Swift.max(cost, item.value), age: age, index: j, source: item.source))
            }
        }
        return lineMarkers
    }

    /// Euclidean distance between padded pixels `a` and `b`.
    func distance(_ a: Int, _ b: Int) -> Double {
        var sum = 0.0, x = a, y = b
        for s in strides { let d = Double(x / s - y / s); sum += d * d; x %= s; y %= s }
        return sum.squareRoot()
    }
}

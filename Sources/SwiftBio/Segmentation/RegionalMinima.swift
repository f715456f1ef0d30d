// Flags per padded pixel: edge of the padded array, candidate, queued (at
// the end: minimum), none. Edge and candidate share bit 1, which
// `_nextCandidate` tests to skip words of eight flags at once.
private let edge: UInt8 = 3, candidate: UInt8 = 2, queued: UInt8 = 1

/// Regional minima, exactly as `skimage.morphology.local_minima` (borders
/// allowed): plateaus of equal value, connected within `connectivity`,
/// with no lower neighbour; the image is padded with its maximum, and a
/// plateau reaching the padding's edge is not a minimum (so a constant
/// image has none).
///
/// As scikit-image finds them: candidates first, along each row (a run of
/// equal values entered from a higher pixel and left to a higher one; rows
/// in parallel), then each candidate's plateau is flooded in raster order
/// and kept only if nothing around it is lower.
public func regionalMinima(_ image: ImageView<Double>, connectivity: Int, into output: MutableImageView<Bool>) throws {
    let shape = image.shape, rank = shape.rank
    try require(output.shape == shape, "output shape \(output.shape) does not match image shape \(shape)")
    try require(connectivity >= 1 && connectivity <= rank, "connectivity must be between 1 and \(rank), got \(connectivity)")
    let grid = try _PaddedGrid(shape)
    let valueBuffer = try ImageBuffer<Double>(shape: grid.shape), flagBuffer = try ImageBuffer<UInt8>(shape: grid.shape)
    let value = valueBuffer.view.base, flags = flagBuffer.view.base
    let top = try minMax(image, requireFinite: false).1
    let width = grid.shape.width
    Parallel.forEachChunk(of: grid.shape.rowCount, workPerItem: width * 4) { rows in
        for pr in rows {
            let v = value + pr * width, f = flags + pr * width
            guard let r = grid.imageRow(ofPaddedRow: pr) else {
                v.update(repeating: top, count: width)
                f.update(repeating: edge, count: width)
                continue
            }
            v[0] = top; v[width - 1] = top
            (v + 1).update(from: image.row(r), count: shape.width)
            f[0] = edge; f[width - 1] = edge
            (f + 1).update(repeating: 0, count: shape.width)
            // Runs of equal values entered from a higher pixel and left to a higher one.
            var i = 1
            while i < width - 1 {
                if v[i - 1] > v[i] {
                    var ahead = i + 1
                    while v[i] == v[ahead] && f[ahead] != edge { ahead += 1 }
                    if v[i] < v[ahead] { (f + i).update(repeating: candidate, count: ahead - i) }
                    i = ahead
                } else {
                    i += 1
                }
            }
        }
    }
    let neighbours = neighbourOffsets(rank: rank, connectivity: connectivity, strides: grid.strides)
    var queue: [Int] = []
    var start = _nextCandidate(flags, from: 0, count: grid.shape.count)
    while start < grid.shape.count {
        let h = value[start]
        var minimum = true
        flags[start] = queued
        queue.removeAll(keepingCapacity: true)
        queue.append(start)
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for n in neighbours {
                let j = current + n
                if value[j] == h {
                    if flags[j] == edge { minimum = false } else if flags[j] != queued { queue.append(j); flags[j] = queued }
                } else if value[j] < h {
                    minimum = false
                }
            }
        }
        if !minimum { for p in queue { flags[p] = 0 } }
        start = _nextCandidate(flags, from: start + 1, count: grid.shape.count)
    }
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width) { rows in
        for r in rows {
            let f = flags + grid.paddedRow(r), o = output.row(r)
            for x in 0..<shape.width { o[x] = f[x] == queued }
        }
    }
}

/// The first index from `start` on whose flag is `candidate`, or `count`:
/// aligned words of eight flags with no bit 1 set (no candidate, no edge)
/// are skipped at once, as most of an image is neither.
@inline(__always)
private func _nextCandidate(_ flags: UnsafeMutablePointer<UInt8>, from start: Int, count: Int) -> Int {
    var i = start
    while i < count {
        if i & 7 == 0 && i + 8 <= count
            && UnsafeRawPointer(flags + i).loadUnaligned(as: UInt64.self) & 0x0202_0202_0202_0202 == 0 {
            i += 8
            continue
        }
        if flags[i] == candidate { return i }
        i += 1
    }
    return count
}

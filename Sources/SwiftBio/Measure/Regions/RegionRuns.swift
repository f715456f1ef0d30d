/// Visits the runs of equal nonzero labels of every row, in parallel:
/// `body(accumulators, slot, z, y, x0, x1)` for the pixels x0 ..< x1 of
/// row (z, y). Each worker fills its own `width`-wide accumulator rows
/// (one per region, started from `initial`); `merge` folds a worker's
/// table into the result, which is returned.
///
/// The one place where region kernels split work between threads and look
/// labels up; the kernels only say what a run adds to its region.
@inlinable
func forEachRegionRun<L: PixelScalar>(
    _ labels: ImageView<L>, _ slots: RegionSlots, width: Int, initial: [Double],
    merge: (_ into: UnsafeMutablePointer<Double>, _ from: UnsafePointer<Double>) -> Void,
    _ body: (_ table: UnsafeMutablePointer<Double>, _ slot: Int, _ z: Int, _ y: Int, _ x0: Int, _ x1: Int) -> Void
) -> [Double] {
    precondition(initial.count == width)
    let regions = slots.count
    var start = [Double](repeating: 0, count: regions * width)
    for r in 0..<regions { for k in 0..<width { start[r * width + k] = initial[k] } }
    let result = SharedAccumulator(start)
    let shape = labels.shape
    start.withUnsafeBufferPointer { startBuffer in
        slots.dense.withUnsafeBufferPointer { dense in
            slots.labels.withUnsafeBufferPointer { sorted in
                Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width) { rows in
                    let table = UnsafeMutablePointer<Double>.allocate(capacity: regions * width)
                    defer { table.deallocate() }
                    if let first = startBuffer.baseAddress { table.initialize(from: first, count: regions * width) }
                    for r in rows {
                        let z = r / shape.height, y = r % shape.height, row = labels.row(r)
                        var x = 0
                        while x < shape.width {
                            let value = row[x]
                            var end = x + 1
                            while end < shape.width && row[end] == value { end += 1 }
                            let v = value.asInt
                            if v != 0 {
                                let slot = dense.isEmpty ? _sortedSlot(sorted, v) : Int(dense[v])
                                body(table + slot * width, slot, z, y, x, end)
                            }
                            x = end
                        }
                    }
                    result.merge { all in
                        all.withUnsafeMutableBufferPointer { all in
                            for s in 0..<regions { merge(all.baseAddress! + s * width, table + s * width) }
                        }
                    }
                }
            }
        }
    }
    return result.result
}

@inlinable
func _sortedSlot(_ labels: UnsafeBufferPointer<Int>, _ label: Int) -> Int {
    var lo = 0, hi = labels.count - 1
    while lo < hi {
        let mid = (lo + hi) / 2
        if labels[mid] < label { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

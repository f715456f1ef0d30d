/// Bounding boxes of labels 1 … `maxLabel` (`scipy.ndimage.find_objects`):
/// per label, the first and one-past-last index along each caller axis, or
/// nil for a label that does not occur. Pixels ≤ 0 or > `maxLabel` are
/// ignored.
@inlinable
public func findObjects<L: PixelScalar>(_ labels: ImageView<L>, maxLabel: Int, excludingBorder border: [Int]? = nil) throws -> [[Range<Int>]?] {
    let shape = labels.shape
    // Pixels within border[a] of either end of engine axis a are skipped.
    let band = border.map { (shape.rank == 2 ? [0] : []) + $0 } ?? [0, 0, 0]
    let inner = [band[0]..<(shape.depth - band[0]), band[1]..<(shape.height - band[1]), band[2]..<(shape.width - band[2])]
    try require(maxLabel >= 0 && maxLabel <= shape.count * 4 + 1_000_000, "max_label \(maxLabel) is out of range")
    // Per worker: [lo0, hi0, lo1, hi1, lo2, hi2] per label, merged after.
    var empty = [Int](repeating: 0, count: 6 * maxLabel)
    for i in 0..<maxLabel { empty[6 * i] = Int.max; empty[6 * i + 2] = Int.max; empty[6 * i + 4] = Int.max }
    let boxes = SharedAccumulator(empty)
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width) { rows in
        var local = empty
        for r in rows {
            let z = r / shape.height, y = r % shape.height, row = labels.row(r)
            guard inner[0].contains(z) && inner[1].contains(y) else { continue }
            for x in inner[2] {
                let value = row[x].asDouble
                guard value >= 1 && value <= Double(maxLabel) else { continue }
                let v = Int(value)
                let b = 6 * (v - 1)
                local[b] = min(local[b], z); local[b + 1] = max(local[b + 1], z + 1)
                local[b + 2] = min(local[b + 2], y); local[b + 3] = max(local[b + 3], y + 1)
                local[b + 4] = min(local[b + 4], x); local[b + 5] = max(local[b + 5], x + 1)
            }
        }
        boxes.merge { all in
            for i in stride(from: 0, to: all.count, by: 2) {
                all[i] = min(all[i], local[i])
                all[i + 1] = max(all[i + 1], local[i + 1])
            }
        }
    }
    let all = boxes.result
    return (0..<maxLabel).map { i in
        guard all[6 * i] != Int.max else { return nil }
        return Array([all[6 * i]..<all[6 * i + 1], all[6 * i + 2]..<all[6 * i + 3], all[6 * i + 4]..<all[6 * i + 5]]
            .suffix(shape.rank))
    }
}


/// Bounding boxes of labels 1 … `maxLabel` (`scipy.ndimage.find_objects`):
/// per label, the first and one-past-last index along each caller axis, or
/// nil for a label that does not occur. Pixels ≤ 0 or > `maxLabel` are
/// ignored.
@inlinable
public func findObjects<L: PixelScalar>(_ labels: ImageView<L>, maxLabel: Int) throws -> [[Range<Int>]?] {
    let shape = labels.shape
    try require(maxLabel >= 0 && maxLabel <= shape.count * 4 + 1_000_000, "max_label \(maxLabel) is out of range")
    // Per worker: [lo0, hi0, lo1, hi1, lo2, hi2] per label, merged after.
    let boxes = _BoxAccumulator(count: maxLabel)
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width) { rows in
        var local = [Int](repeating: 0, count: 6 * maxLabel)
        for i in 0..<maxLabel { local[6 * i] = Int.max; local[6 * i + 2] = Int.max; local[6 * i + 4] = Int.max }
        for r in rows {
            let z = r / shape.height, y = r % shape.height, row = labels.row(r)
            for x in 0..<shape.width {
                let value = row[x].asDouble
                guard value >= 1 && value <= Double(maxLabel) else { continue }
                let v = Int(value)
                let b = 6 * (v - 1)
                local[b] = min(local[b], z); local[b + 1] = max(local[b + 1], z + 1)
                local[b + 2] = min(local[b + 2], y); local[b + 3] = max(local[b + 3], y + 1)
                local[b + 4] = min(local[b + 4], x); local[b + 5] = max(local[b + 5], x + 1)
            }
        }
        boxes.merge(local)
    }
    return boxes.result(rank: shape.rank)
}

@usableFromInline
final class _BoxAccumulator: @unchecked Sendable {
    @usableFromInline var boxes: [Int]
    @usableFromInline let lock = Lock()
    @usableFromInline init(count: Int) {
        boxes = [Int](repeating: 0, count: 6 * count)
        for i in 0..<count { boxes[6 * i] = Int.max; boxes[6 * i + 2] = Int.max; boxes[6 * i + 4] = Int.max }
    }
    @usableFromInline func merge(_ local: [Int]) {
        lock.locked {
            for i in stride(from: 0, to: boxes.count, by: 2) {
                boxes[i] = min(boxes[i], local[i])
                boxes[i + 1] = max(boxes[i + 1], local[i + 1])
            }
        }
    }
    @usableFromInline func result(rank: Int) -> [[Range<Int>]?] {
        (0..<boxes.count / 6).map { i in
            let b = Array(boxes[(6 * i)..<(6 * i + 6)])
            guard b[0] != Int.max else { return nil }
            let ranges = [b[0]..<b[1], b[2]..<b[3], b[4]..<b[5]]
            return Array(ranges.suffix(rank))
        }
    }
}

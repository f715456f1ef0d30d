/// The regions of a label image: the distinct nonzero label values in
/// ascending order, and a lookup from label value to region index
/// ("slot"). Labels must be non-negative.
public struct RegionSlots: Sendable {
    /// Label value of each region, ascending.
    public let labels: [Int]
    /// Label value → slot, −1 where the label does not occur; empty when
    /// label values are too large for a dense table (binary search then).
    @usableFromInline let dense: [Int32]

    /// Dense tables up to this many label values (64 MiB of Int32).
    @usableFromInline static let denseLimit = 1 << 24

    @inlinable
    public init<L: PixelScalar>(_ image: ImageView<L>) throws {
        let (low, high) = try minMax(image)
        try require(low >= 0, "label_image must not contain negative labels (found \(Int(low)))")
        let maxLabel = Int(high)
        if maxLabel < Self.denseLimit {
            let present = SharedAccumulator([Bool](repeating: false, count: maxLabel + 1))
            Parallel.forEachChunk(of: image.shape.count, workPerItem: 1) { range in
                var seen = [Bool](repeating: false, count: maxLabel + 1)
                seen.withUnsafeMutableBufferPointer { s in
                    for i in range { s[image.base[i].asInt] = true }
                }
                present.merge { all in for v in 0...maxLabel where seen[v] { all[v] = true } }
            }
            var dense = [Int32](repeating: -1, count: maxLabel + 1)
            var labels: [Int] = []
            for (v, seen) in present.result.enumerated() where seen && v > 0 {
                dense[v] = Int32(labels.count)
                labels.append(v)
            }
            self.labels = labels
            self.dense = dense
        } else {
            let found = SharedAccumulator(Set<Int>())
            Parallel.forEachChunk(of: image.shape.count, workPerItem: 1) { range in
                var seen = Set<Int>()
                var last = 0
                for i in range {
                    let v = image.base[i].asInt
                    if v != 0 && v != last { seen.insert(v); last = v }
                }
                found.merge { $0.formUnion(seen) }
            }
            self.labels = found.result.sorted()
            self.dense = []
        }
    }

    public var count: Int { labels.count }

    /// Slot of a nonzero label value that occurs in the image.
    @inlinable
    public func slot(_ label: Int) -> Int {
        if !dense.isEmpty { return Int(dense[label]) }
        return labels.withUnsafeBufferPointer { _sortedSlot($0, label) }
    }
}

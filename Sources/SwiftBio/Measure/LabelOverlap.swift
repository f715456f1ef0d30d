/// Overlap of two label images of the same shape (the contingency table
/// of `stardist.matching.label_overlap`, kept sparse): the labels of each
/// image with their pixel counts, and every pair of nonzero labels that
/// share pixels, with the count of shared pixels.
public enum LabelOverlap {
    public static let trueGroup: Int32 = 10, predGroup: Int32 = 11, pairGroup: Int32 = 12

    /// Groups: `trueGroup`/`predGroup` rows (label, pixel count) in
    /// ascending label order; `pairGroup` rows (true index, predicted index,
    /// shared pixels), indices into those groups, sorted.
    @inlinable
    public static func compute<L: PixelScalar>(_ a: ImageView<L>, _ b: ImageView<L>) throws -> ResultTable {
        try require(a.shape == b.shape, "y_true shape \(a.shape) does not match y_pred shape \(b.shape)")
        let slotsA = try RegionSlots(a), slotsB = try RegionSlots(b)
        let result = ResultTable()
        for (group, image, slots) in [(trueGroup, a, slotsA), (predGroup, b, slotsB)] {
            let counts = forEachRegionRun(image, slots, width: 1, initial: [0], merge: { $0[0] += $1[0] }) { t, _, _, _, x0, x1 in
                t[0] += Double(x1 - x0)
            }
            result.set(group, width: 2, zip(slots.labels, counts).flatMap { [Double($0), $1] })
        }
        // Pairs, counted per run of equal (a, b) pixels.
        let found = SharedAccumulator([Int: Int]())
        let shape = a.shape
        Parallel.forEachChunk(of: shape.rowCount, workPerItem: shape.width) { rows in
            var local: [Int: Int] = [:]
            for r in rows {
                let rowA = a.row(r), rowB = b.row(r)
                var x = 0
                while x < shape.width {
                    let va = rowA[x], vb = rowB[x]
                    var end = x + 1
                    while end < shape.width && rowA[end] == va && rowB[end] == vb { end += 1 }
                    if va.asInt != 0 && vb.asInt != 0 {
                        local[slotsA.slot(va.asInt) << 32 | slotsB.slot(vb.asInt), default: 0] += end - x
                    }
                    x = end
                }
            }
            found.merge { all in all.merge(local, uniquingKeysWith: +) }
        }
        let pairs = found.result.sorted { $0.key < $1.key }
        result.set(pairGroup, width: 3, pairs.flatMap { [Double($0.key >> 32), Double($0.key & 0xFFFF_FFFF), Double($0.value)] })
        return result
    }
}

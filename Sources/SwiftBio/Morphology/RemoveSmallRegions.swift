/// Removes the regions of at most `maxSize` pixels from a label image
/// (`skimage.morphology.remove_small_objects` once objects are labelled):
/// one pass counts each region's pixels by runs, one writes the output,
/// either the label where it is kept (`keepLabels`) or `true` for kept
/// pixels (a mask, `output` as bytes). `count`: the number of regions when
/// the labels are known to be 1 … count (skips a scan), else nil.
/// Returns the largest label.
@inlinable
public func removeSmallRegions<L: PixelScalar>(
    _ labels: ImageView<L>, maxSize: Int, count: Int?, into output: UnsafeMutableRawPointer, keepLabels: Bool
) throws -> Int {
    let slots = try count.map { RegionSlots(sequentialCount: $0) } ?? RegionSlots(labels)
    let areas = forEachRegionRun(labels, slots, width: 1, initial: [0], merge: { $0[0] += $1[0] }) { t, _, _, _, x0, x1 in
        t[0] += Double(x1 - x0)
    }
    let maxLabel = slots.labels.last ?? 0
    let keep = (0..<slots.count).map { areas[$0] > Double(maxSize) }
    let n = labels.shape.count
    if !keepLabels && !slots.dense.isEmpty {
        // A mask: one gather from a table by label value.
        var table = [UInt8](repeating: 0, count: maxLabel + 1)
        for (slot, label) in slots.labels.enumerated() where keep[slot] { table[label] = 1 }
        try lookupLabels(labels, table: table, into: output.assumingMemoryBound(to: UInt8.self))
        return maxLabel
    }
    keep.withUnsafeBufferPointer { keep in
        slots.dense.withUnsafeBufferPointer { dense in
            slots.labels.withUnsafeBufferPointer { sorted in
                // Label value → kept, for dense tables; else a binary search.
                @inline(__always) func kept(_ v: Int) -> Bool {
                    v != 0 && keep[dense.isEmpty ? _sortedSlot(sorted, v) : Int(dense[v])]
                }
                Parallel.forEachChunk(of: n, workPerItem: 2) { range in
                    if keepLabels {
                        let out = output.assumingMemoryBound(to: L.self)
                        for i in range { let v = labels.base[i]; out[i] = kept(v.asInt) ? v : L.fromDouble(0) }
                    } else {
                        let out = output.assumingMemoryBound(to: UInt8.self)
                        for i in range { out[i] = kept(labels.base[i].asInt) ? 1 : 0 }
                    }
                }
            }
        }
    }
    return maxLabel
}

/// `remove_small_objects` of a mask: its components (`connectivity`) are
/// found as runs, sized from their runs, and the kept ones painted into
/// `output` (bytes, 1 = kept), without a label image.
@inlinable
public func removeSmallComponents<P: PixelScalar>(
    _ mask: ImageView<P>, maxSize: Int, connectivity: Int, into output: MutableImageView<UInt8>
) throws {
    try require(output.shape == mask.shape, "output shape \(output.shape) does not match mask shape \(mask.shape)")
    let components = try ComponentRuns(mask, background: 0, connectivity: connectivity)
    components.paint(into: output, width: mask.shape.width, values: components.sizes.map { $0 > maxSize ? UInt8(1) : 0 })
}

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
    keep.withUnsafeBufferPointer { keep in
        slots.dense.withUnsafeBufferPointer { dense in
            slots.labels.withUnsafeBufferPointer { sorted in
                // Label value → kept, for dense tables; else a binary search per run.
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

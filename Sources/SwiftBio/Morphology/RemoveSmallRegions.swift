/// Removes the regions of at most `maxSize` pixels from a label image
/// (`skimage.morphology.remove_small_objects` on labels): one pass counts
/// each region's pixels by runs, one writes the labels of the regions kept
/// (0 elsewhere) into `output`. Returns the largest label.
@inlinable
public func removeSmallRegions<L: PixelScalar>(
    _ labels: ImageView<L>, maxSize: Int, into output: MutableImageView<L>
) throws -> Int {
    try require(output.shape == labels.shape, "output shape \(output.shape) does not match labels shape \(labels.shape)")
    let slots = try RegionSlots(labels)
    let areas = forEachRegionRun(labels, slots, width: 1, initial: [0], merge: { $0[0] += $1[0] }) { t, _, _, _, x0, x1 in
        t[0] += Double(x1 - x0)
    }
    let keep = (0..<slots.count).map { areas[$0] > Double(maxSize) }
    keep.withUnsafeBufferPointer { keep in
        slots.dense.withUnsafeBufferPointer { dense in
            slots.labels.withUnsafeBufferPointer { sorted in
                Parallel.forEachChunk(of: labels.shape.count, workPerItem: 2) { range in
                    for i in range {
                        let v = labels.base[i], label = v.asInt
                        let kept = label != 0 && keep[dense.isEmpty ? _sortedSlot(sorted, label) : Int(dense[label])]
                        output.base[i] = kept ? v : L.fromDouble(0)
                    }
                }
            }
        }
    }
    return slots.labels.last ?? 0
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

/// The `rank`-th smallest value over a box, for 8- and 16-bit images, by a
/// sliding histogram (Huang, Yang & Tang, "A fast two-dimensional median
/// filtering algorithm", IEEE TASSP 27(1), 1979,
/// doi:10.1109/TASSP.1979.1163188): moving one pixel right removes one
/// column of the window and adds the next; the rank's value is tracked
/// incrementally (the count below it updated per change, then walked up or
/// down), with 256 coarse counts to skip empty stretches of the 65 536
/// levels. O(window height × depth) per pixel instead of O(window).
///
/// `cval` (constant border) must be a level of the type.
@inlinable
func histogramRank<P: PixelScalar & FixedWidthInteger & UnsignedInteger>(
    _ image: ImageView<P>, into output: MutableImageView<P>, size: [Int], rank: Int, mode: BoundaryMode, cval: Double
) throws {
    let shape = image.shape
    let box = (shape.rank == 2 ? [1] : []) + size
    let levels = 1 << P.bitWidth
    let before = box.map { $0 / 2 }, after = zip(box, before).map { $0 - 1 - $1 }
    let padded: ImageBuffer<Float> = try paddedCopy(image, before: before, after: after, mode: mode, cval: cval)
    let p = padded.view, width = shape.width, w = box[2]
    let columns = box[0] * box[1]   // pixels entering per step
    Parallel.forEachChunk(of: shape.rowCount, workPerItem: width * columns * 4) { rows in
        let fine = UnsafeMutablePointer<Int32>.allocate(capacity: levels)
        let coarse = UnsafeMutablePointer<Int32>.allocate(capacity: (levels + 255) / 256)
        let sources = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: columns)
        defer { fine.deallocate(); coarse.deallocate(); sources.deallocate() }
        fine.initialize(repeating: 0, count: levels)
        coarse.initialize(repeating: 0, count: (levels + 255) / 256)
        for r in rows {
            let z = r / shape.height, y = r % shape.height
            var k = 0
            for dz in 0..<box[0] { for dy in 0..<box[1] {
                sources[k] = UnsafePointer(p.row((z + dz) * p.shape.height + y + dy)); k += 1
            } }
            // The window at x = 0; the rank's level by a scan.
            for c in 0..<columns { for dx in 0..<w {
                let v = Int(sources[c][dx]); fine[v] += 1; coarse[v >> 8] += 1
            } }
            var level = 0, below: Int32 = 0
            let target = Int32(rank)
            while below + coarse[level >> 8] <= target { below += coarse[level >> 8]; level += 256 }
            while below + fine[level] <= target { below += fine[level]; level += 1 }
            let out = output.row(r)
            out[0] = P(level)
            for x in 1..<max(width, 1) {
                for c in 0..<columns {
                    let leaving = Int(sources[c][x - 1]), entering = Int(sources[c][x + w - 1])
                    fine[leaving] -= 1; coarse[leaving >> 8] -= 1
                    fine[entering] += 1; coarse[entering >> 8] += 1
                    if leaving < level { below -= 1 }
                    if entering < level { below += 1 }
                }
                // Walk down while too many lie below, up while too few reach the level.
                while below > target {
                    if level & 255 == 0 && level >= 256 && coarse[(level >> 8) - 1] == 0 { level -= 256; continue }
                    level -= 1
                    below -= fine[level]
                }
                while below + fine[level] <= target {
                    if level & 255 == 0 && coarse[level >> 8] == 0 { level += 256; continue }
                    below += fine[level]
                    level += 1
                }
                out[x] = P(level)
            }
            // Empty the histograms by removing the last window.
            for c in 0..<columns { for dx in (width - 1)..<(width - 1 + w) {
                let v = Int(sources[c][dx]); fine[v] -= 1; coarse[v >> 8] -= 1
            } }
        }
    }
}

/// Euler number of each region (`skimage.measure.euler_number` with
/// connectivity = ndim: 8-connected objects in 2D, 26-connected in 3D).
///
/// The region is the union of closed unit squares (cubes) at its pixels,
/// whose Euler characteristic is V − E + F (− C) of that complex. Every
/// lattice vertex is the centre of one 2×2 (2×2×2) window of pixels; a
/// window contributes its vertex, and a share of each edge, face and cell
/// that meets it (edges 1/2, faces 1/4, cubes 1/8 in 3D; edges 1/2,
/// squares 1/4 in 2D). The per-window table below is that sum, scaled to
/// integers by 2^rank.
public enum RegionEuler {
    /// Scaled contribution of a 2×2 window, bit i set = pixel i (TL, TR, BL, BR) in the region.
    @usableFromInline static let table2D: [Int] = (0..<16).map { config in
        func bit(_ dy: Int, _ dx: Int) -> Int { (config >> (2 * dy + dx)) & 1 }
        let edges = (0...1).reduce(0) { n, side in n + (bit(side, 0) | bit(side, 1)) + (bit(0, side) | bit(1, side)) }
        let squares = config.nonzeroBitCount
        return 4 * (config != 0 ? 1 : 0) - 2 * edges + squares
    }

    /// Scaled contribution of a 2×2×2 window, bit dz·4 + dy·2 + dx.
    @usableFromInline static let table3D: [Int] = (0..<256).map { config in
        func bit(_ d: [Int]) -> Int { (config >> (4 * d[0] + 2 * d[1] + d[2])) & 1 }
        func at(_ axis: Int, _ side: Int, _ u: Int, _ v: Int) -> [Int] {
            var d = [u, v]; d.insert(side, at: axis); return d
        }
        var edges = 0, faces = 0
        for axis in 0..<3 {
            for side in 0...1 {  // the edge leaving the centre along ±axis touches 4 cubes
                edges += (0...1).contains { u in (0...1).contains { v in bit(at(axis, side, u, v)) == 1 } } ? 1 : 0
            }
            for u in 0...1 { for v in 0...1 {  // the face across axis in quadrant (u, v) touches 2 cubes
                faces += bit(at(axis, 0, u, v)) | bit(at(axis, 1, u, v))
            } }
        }
        return 8 * (config != 0 ? 1 : 0) - 4 * edges + 2 * faces - config.nonzeroBitCount
    }

    @inlinable
    public static func compute<L: PixelScalar>(_ labels: ImageView<L>, _ slots: RegionSlots) -> [Int] {
        let shape = labels.shape, rank = shape.rank
        let depth = shape.depth, height = shape.height, width = shape.width
        let table = rank == 3 ? table3D : table2D
        let total = SharedAccumulator([Int](repeating: 0, count: slots.count))
        // Window rows: the window (z, y, x) covers pixels z−1…z, y−1…y, x−1…x (2D: z = 0 only).
        let windowPlanes = rank == 3 ? depth + 1 : 1
        table.withUnsafeBufferPointer { table in
            Parallel.forEachChunk(of: windowPlanes * (height + 1), workPerItem: 8 * (width + 1)) { items in
                var sums = [Int](repeating: 0, count: slots.count)
                var pixels = InlineArray<8, L?>(repeating: nil)
                for item in items {
                    let z = item / (height + 1), y = item % (height + 1)
                    for x in 0...width {
                        var uniform = true
                        for k in 0..<(rank == 3 ? 8 : 4) {
                            let dz = rank == 3 ? k >> 2 : 1, dy = (k >> 1) & 1, dx = k & 1
                            let pz = rank == 3 ? z - 1 + dz : 0, py = y - 1 + dy, px = x - 1 + dx
                            let inside = pz >= 0 && pz < depth && py >= 0 && py < height && px >= 0 && px < width
                            let v: L? = inside ? labels.row(pz * height + py)[px] : nil
                            pixels[k] = (v?.asInt ?? 0) == 0 ? nil : v
                            if k > 0 && pixels[k] != pixels[0] { uniform = false }
                        }
                        if uniform { continue }  // all background, or inside one region: contributes 0
                        for k in 0..<(rank == 3 ? 8 : 4) {
                            guard let v = pixels[k] else { continue }
                            var seenBefore = false
                            for j in 0..<k where pixels[j] == v { seenBefore = true }
                            if seenBefore { continue }
                            var config = 0
                            for j in k..<(rank == 3 ? 8 : 4) where pixels[j] == v { config |= 1 << j }
                            sums[slots.slot(v.asInt)] += table[config]
                        }
                    }
                }
                total.merge { all in for i in all.indices { all[i] += sums[i] } }
            }
        }
        return total.result.map { $0 / (rank == 3 ? 8 : 4) }
    }
}

/// Second-pass sums per region, given the first pass: image moments up to
/// order 3 per axis (`skimage.measure.moments` and `moments_central` of the
/// region's mask, coordinates scaled by `spacing`), then, with an
/// intensity image, Σ(I − mean)².
///
/// Each row holds 4^rank raw moments about the bounding-box corner, then
/// 4^rank central moments about the centroid, indexed [p][q] (2D) or
/// [p][q][r] (3D) by the power of each axis in array order.
public enum RegionMoments {
    public static func width(rank: Int, intensity: Bool) -> Int {
        2 * (rank == 3 ? 64 : 16) + (intensity ? 1 : 0)
    }

    /// `origin`: per region, the bounding-box low corner (pixels);
    /// `centroid`: per region, the centroid (scaled); `mean`: per region,
    /// the mean intensity (when `intensity` is given). All `rank` or 1 wide.
    @inlinable
    public static func compute<L: PixelScalar, P: PixelScalar>(
        _ labels: ImageView<L>, _ slots: RegionSlots, intensity: ImageView<P>?,
        spacing: [Double], origin: [Double], centroid: [Double], mean: [Double]
    ) -> [Double] {
        let rank = labels.shape.rank, count = rank == 3 ? 64 : 16
        let w = width(rank: rank, intensity: intensity != nil)
        let height = labels.shape.height
        return origin.withUnsafeBufferPointer { origin in
            centroid.withUnsafeBufferPointer { centroid in
                mean.withUnsafeBufferPointer { mean in
                    forEachRegionRun(labels, slots, width: w, initial: [Double](repeating: 0, count: w),
                                     merge: { into, from in for k in 0..<w { into[k] += from[k] } }) { t, slot, z, y, x0, x1 in
                        let o = origin.baseAddress! + slot * rank, c = centroid.baseAddress! + slot * rank
                        // Powers 0…3 of each fixed axis (z and y, or y), about the corner and the centroid.
                        var raw = InlineArray<8, Double>(repeating: 1), cen = raw
                        for a in 0..<(rank - 1) {
                            let value = Double(a == 0 && rank == 3 ? z : y)
                            let dr = (value - o[a]) * spacing[a], dc = value * spacing[a] - c[a]
                            for p in 1...3 { raw[4 * a + p] = raw[4 * a + p - 1] * dr; cen[4 * a + p] = cen[4 * a + p - 1] * dc }
                        }
                        // Σ over the run of the powers of x.
                        let ax = rank - 1, s = spacing[ax]
                        var rx = InlineArray<4, Double>(repeating: 0), cx = rx
                        for x in x0..<x1 {
                            let dr = (Double(x) - o[ax]) * s, dc = Double(x) * s - c[ax]
                            rx[0] += 1; rx[1] += dr; rx[2] += dr * dr; rx[3] += dr * dr * dr
                            cx[0] += 1; cx[1] += dc; cx[2] += dc * dc; cx[3] += dc * dc * dc
                        }
                        for i in 0..<count {
                            let px = i & 3, p1 = (i >> 2) & 3, p0 = i >> 4
                            let fr = rank == 3 ? raw[p0] * raw[4 + p1] : raw[p1]
                            let fc = rank == 3 ? cen[p0] * cen[4 + p1] : cen[p1]
                            t[i] += fr * rx[px]
                            t[count + i] += fc * cx[px]
                        }
                        guard let intensity else { return }
                        let row = intensity.row(z * height + y), m = mean[slot]
                        var squares = 0.0
                        for x in x0..<x1 { let d = row[x].asDouble - m; squares += d * d }
                        t[2 * count] += squares
                    }
                }
            }
        }
    }
}

/// First-pass sums per region, one row of `RegionSums.width(rank:intensity:)`
/// doubles each, in this order (axes in array order, z y x or y x):
/// pixel count; bounding box lows, then highs (one past the end);
/// coordinate sums Σc_a; second-order sums Σc_a c_b (a ≤ b, row-major);
/// with an intensity image also ΣI, min I, max I and ΣI c_a.
///
/// Runs of equal labels add closed-form sums, so background and the
/// insides of large objects cost little.
public enum RegionSums {
    public static func width(rank: Int, intensity: Bool) -> Int {
        1 + 2 * rank + rank + rank * (rank + 1) / 2 + (intensity ? 3 + rank : 0)
    }

    @inlinable
    public static func compute<L: PixelScalar, P: PixelScalar>(
        _ labels: ImageView<L>, _ slots: RegionSlots, intensity: ImageView<P>?
    ) -> [Double] {
        let rank = labels.shape.rank, w = width(rank: rank, intensity: intensity != nil)
        let box = 1, sums = 1 + 2 * rank, second = sums + rank, weighted = second + rank * (rank + 1) / 2
        var initial = [Double](repeating: 0, count: w)
        for a in 0..<rank { initial[box + a] = .infinity; initial[box + rank + a] = -.infinity }
        if intensity != nil { initial[weighted + 1] = .infinity; initial[weighted + 2] = -.infinity }
        let height = labels.shape.height
        return forEachRegionRun(labels, slots, width: w, initial: initial, merge: { into, from in
            for k in 0..<w {
                if k >= box && k < box + rank || k == weighted + 1 && intensity != nil {
                    into[k] = Swift.min(into[k], from[k])
                } else if k >= box + rank && k < sums || k == weighted + 2 && intensity != nil {
                    into[k] = Swift.max(into[k], from[k])
                } else {
                    into[k] += from[k]
                }
            }
        }) { t, _, z, y, x0, x1 in
            let n = Double(x1 - x0)
            let sx = n * Double(x0 + x1 - 1) / 2
            let sxx = _sumOfSquares(x1 - 1) - _sumOfSquares(x0 - 1)
            // Coordinates of the run's fixed axes, then x.
            let fixed: (Double, Double) = rank == 3 ? (Double(z), Double(y)) : (Double(y), 0)
            let nFixed = rank - 1
            t[0] += n
            for a in 0..<nFixed {
                let c = a == 0 ? fixed.0 : fixed.1
                t[box + a] = Swift.min(t[box + a], c)
                t[box + rank + a] = Swift.max(t[box + rank + a], c + 1)
                t[sums + a] += n * c
            }
            t[box + nFixed] = Swift.min(t[box + nFixed], Double(x0))
            t[box + rank + nFixed] = Swift.max(t[box + rank + nFixed], Double(x1))
            t[sums + nFixed] += sx
            // Σ c_a c_b, a ≤ b, row-major over the upper triangle.
            var k = second
            for a in 0..<rank {
                let ca = a == nFixed ? 0 : (a == 0 ? fixed.0 : fixed.1)
                for b in a..<rank {
                    if b < nFixed {
                        t[k] += n * ca * (b == 0 ? fixed.0 : fixed.1)
                    } else if a < nFixed {
                        t[k] += ca * sx
                    } else {
                        t[k] += sxx
                    }
                    k += 1
                }
            }
            guard let intensity else { return }
            let row = intensity.row(z * height + y)
            var total = 0.0, totalX = 0.0, low = Double.infinity, high = -Double.infinity
            for x in x0..<x1 {
                let v = row[x].asDouble
                total += v; totalX += v * Double(x)
                low = Swift.min(low, v); high = Swift.max(high, v)
            }
            t[weighted] += total
            t[weighted + 1] = Swift.min(t[weighted + 1], low)
            t[weighted + 2] = Swift.max(t[weighted + 2], high)
            for a in 0..<nFixed { t[weighted + 3 + a] += total * (a == 0 ? fixed.0 : fixed.1) }
            t[weighted + 3 + nFixed] += totalX
        }
    }
}

/// 0² + 1² + … + m² (0 for m < 0).
@inlinable
func _sumOfSquares(_ m: Int) -> Double {
    m < 0 ? 0 : Double(m) * Double(m + 1) * Double(2 * m + 1) / 6
}

/// Convex-hull measurements of each region, as scikit-image defines them:
/// `area_convex`, the pixels whose centres lie inside or on the convex
/// hull of the region's pixel-edge midpoints (`convex_hull_image`), and
/// `feret_diameter_max`, the largest distance between the midpoints of the
/// edges between that convex image and its outside (the contour points
/// scikit-image finds at level 0.5), in `spacing` units.
///
/// All geometry is in doubled integer coordinates (pixel centres even,
/// edge midpoints odd), so hulls and inside tests are exact.
public enum RegionConvex {
    /// Per region: convex pixel count, then the maximum Feret diameter.
    @inlinable
    public static func compute<L: PixelScalar>(
        _ labels: ImageView<L>, _ slots: RegionSlots, boxLow: [Int], boxHigh: [Int], spacing: [Double]
    ) -> [Double] {
        let rank = labels.shape.rank, regions = slots.count
        // Lines of a region: (z, y) rows of its bounding box (2D: y rows).
        var lineStart = [Int](repeating: 0, count: regions + 1)
        for r in 0..<regions {
            let lines = (0..<(rank - 1)).reduce(1) { $0 * (boxHigh[r * rank + $1] - boxLow[r * rank + $1]) }
            lineStart[r + 1] = lineStart[r] + lines
        }
        // Leftmost and rightmost pixel of each line (Int.max, Int.min when empty).
        var extremes = [Int](repeating: 0, count: 2 * lineStart[regions])
        for i in stride(from: 0, to: extremes.count, by: 2) { extremes[i] = .max; extremes[i + 1] = .min }
        extremes.withUnsafeMutableBufferPointer { ext in
            let ext = UncheckedSendable(ext)
            boxLow.withUnsafeBufferPointer { low in
                boxHigh.withUnsafeBufferPointer { high in
                    lineStart.withUnsafeBufferPointer { start in
                        // Each line lies in one image row, which one worker owns: no races.
                        _ = forEachRegionRun(labels, slots, width: 0, initial: [], merge: { _, _ in }) { _, s, z, y, x0, x1 in
                            let line = rank == 3
                                ? (z - low[s * 3]) * (high[s * 3 + 1] - low[s * 3 + 1]) + (y - low[s * 3 + 1])
                                : y - low[s * 2]
                            let i = 2 * (start[s] + line)
                            ext.value[i] = min(ext.value[i], x0)
                            ext.value[i + 1] = max(ext.value[i + 1], x1 - 1)
                        }
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: 2 * regions)
        result.withUnsafeMutableBufferPointer { out in
            let out = UncheckedSendable(out)
            Parallel.forEachChunk(of: regions, workPerItem: 1 << 12) { range in
                for r in range {
                    let low = Array(boxLow[r * rank ..< (r + 1) * rank]), high = Array(boxHigh[r * rank ..< (r + 1) * rank])
                    let lines = Array(extremes[2 * lineStart[r] ..< 2 * lineStart[r + 1]])
                    let (count, feret) = rank == 3
                        ? region3D(low: low, high: high, extremes: lines, spacing: spacing)
                        : region2D(low: low, high: high, extremes: lines, spacing: spacing)
                    out.value[2 * r] = count
                    out.value[2 * r + 1] = feret
                }
            }
        }
        return result
    }

    @inlinable
    static func region2D(low: [Int], high: [Int], extremes: [Int], spacing: [Double]) -> (Double, Double) {
        // Hull of the edge midpoints of each row's end pixels (only they can be hull vertices).
        var points: [SIMD2<Int64>] = []
        for (i, y) in (low[0]..<high[0]).enumerated() where extremes[2 * i] <= extremes[2 * i + 1] {
            for x in [extremes[2 * i], extremes[2 * i + 1]] {
                let c = SIMD2(Int64(2 * y), Int64(2 * x))
                points += [c &+ SIMD2(-1, 0), c &+ SIMD2(1, 0), c &+ SIMD2(0, -1), c &+ SIMD2(0, 1)]
            }
        }
        let hull = convexHull2D(points)
        // The convex image, row by row, and its contour points (odd coordinate across the edge).
        var count = 0
        var contour: [SIMD2<Int64>] = []
        var columnLow = [Int64](repeating: .max, count: high[1] - low[1]), columnHigh = [Int64](repeating: .min, count: high[1] - low[1])
        for y in low[0]..<high[0] {
            guard let span = polygonInterval(hull, origin: SIMD2(Int64(2 * y), 0), direction: SIMD2(0, 2)) else { continue }
            count += Int(span.count)
            contour += [SIMD2(Int64(2 * y), 2 * span.lowerBound - 1), SIMD2(Int64(2 * y), 2 * span.upperBound + 1)]
            for x in span {
                let c = Int(x) - low[1]
                columnLow[c] = min(columnLow[c], Int64(y)); columnHigh[c] = max(columnHigh[c], Int64(y))
            }
        }
        for c in columnLow.indices where columnLow[c] <= columnHigh[c] {
            let x = Int64(2 * (c + low[1]))
            contour += [SIMD2(2 * columnLow[c] - 1, x), SIMD2(2 * columnHigh[c] + 1, x)]
        }
        let vertices = convexHull2D(contour)
        let scaled = vertices.map { SIMD2(Double($0.x) / 2 * spacing[0], Double($0.y) / 2 * spacing[1]) }
        return (Double(count), maximumDistance(scaled))
    }

    @inlinable
    static func region3D(low: [Int], high: [Int], extremes: [Int], spacing: [Double]) -> (Double, Double) {
        let depth = high[0] - low[0], height = high[1] - low[1], width = high[2] - low[2]
        // Voxels at the ends of their x lines hold every hull vertex; their hull first, then its vertices' face midpoints.
        var centres: [SIMD3<Int64>] = []
        for i in 0..<(depth * height) where extremes[2 * i] <= extremes[2 * i + 1] {
            let z = Int64(2 * (low[0] + i / height)), y = Int64(2 * (low[1] + i % height))
            centres.append(SIMD3(z, y, Int64(2 * extremes[2 * i])))
            centres.append(SIMD3(z, y, Int64(2 * extremes[2 * i + 1])))
        }
        if let first = ConvexHull3D(axisExtremes(centres)) { centres = first.vertexIndices.map { first.points[$0] } }
        var midpoints: [SIMD3<Int64>] = []
        for c in centres {
            for axis in 0..<3 {
                var d = SIMD3<Int64>(0, 0, 0); d[axis] = 1
                midpoints.append(c &- d); midpoints.append(c &+ d)
            }
        }
        guard let hull = ConvexHull3D(axisExtremes(midpoints)) else { return (0, 0) }  // unreachable: midpoints span 3D
        // The convex image by x lines, with its extents along y and z for the contour.
        var count = 0
        var contour: [SIMD3<Int64>] = []
        var alongY = [Int64](repeating: .max, count: 2 * depth * width), alongZ = [Int64](repeating: .max, count: 2 * height * width)
        for i in stride(from: 1, to: alongY.count, by: 2) { alongY[i] = .min }
        for i in stride(from: 1, to: alongZ.count, by: 2) { alongZ[i] = .min }
        for i in 0..<(depth * height) {
            let z = low[0] + i / height, y = low[1] + i % height
            guard let span = hull.interval(origin: SIMD3(Int64(2 * z), Int64(2 * y), 0), direction: SIMD3(0, 0, 2)) else { continue }
            count += Int(span.count)
            contour += [SIMD3(Int64(2 * z), Int64(2 * y), 2 * span.lowerBound - 1), SIMD3(Int64(2 * z), Int64(2 * y), 2 * span.upperBound + 1)]
            for x in span {
                let c = Int(x) - low[2]
                let iy = 2 * ((z - low[0]) * width + c), iz = 2 * ((y - low[1]) * width + c)
                alongY[iy] = min(alongY[iy], Int64(y)); alongY[iy + 1] = max(alongY[iy + 1], Int64(y))
                alongZ[iz] = min(alongZ[iz], Int64(z)); alongZ[iz + 1] = max(alongZ[iz + 1], Int64(z))
            }
        }
        for k in 0..<(depth * width) where alongY[2 * k] <= alongY[2 * k + 1] {
            let z = Int64(2 * (low[0] + k / width)), x = Int64(2 * (low[2] + k % width))
            contour += [SIMD3(z, 2 * alongY[2 * k] - 1, x), SIMD3(z, 2 * alongY[2 * k + 1] + 1, x)]
        }
        for k in 0..<(height * width) where alongZ[2 * k] <= alongZ[2 * k + 1] {
            let y = Int64(2 * (low[1] + k / width)), x = Int64(2 * (low[2] + k % width))
            contour += [SIMD3(2 * alongZ[2 * k] - 1, y, x), SIMD3(2 * alongZ[2 * k + 1] + 1, y, x)]
        }
        let candidates = axisExtremes(contour)
        let vertices = ConvexHull3D(candidates).map { h in h.vertexIndices.map { h.points[$0] } } ?? candidates
        let scaled = vertices.map { p in
            SIMD3(Double(p.x) / 2 * spacing[0], Double(p.y) / 2 * spacing[1], Double(p.z) / 2 * spacing[2])
        }
        return (Double(count), maximumDistance(scaled))
    }

    /// Largest distance between two of `points` (brute force over hull vertices).
    @inlinable
    static func maximumDistance<V: SIMD>(_ points: [V]) -> Double where V.Scalar == Double {
        var best = 0.0
        for i in points.indices {
            for j in (i + 1)..<points.count {
                let d = points[i] - points[j]
                best = max(best, (d * d).sum())
            }
        }
        return best.squareRoot()
    }
}

/// Convex hull of integer points (Andrew's monotone chain, exact): the
/// vertices in counter-clockwise order (positive `cross`), collinear points
/// dropped. Fewer than 3 vertices when all points are collinear.
@inlinable
func convexHull2D(_ points: [SIMD2<Int64>]) -> [SIMD2<Int64>] {
    let sorted = Set(points).sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
    guard sorted.count > 2 else { return sorted }
    var hull: [SIMD2<Int64>] = []
    hull.reserveCapacity(2 * sorted.count)
    for pass in 0..<2 {
        let start = hull.count
        for p in pass == 0 ? sorted : sorted.reversed() {
            while hull.count >= start + 2 && cross(hull[hull.count - 2], hull[hull.count - 1], p) <= 0 { hull.removeLast() }
            hull.append(p)
        }
        hull.removeLast()  // the last point starts the other chain
    }
    return hull
}

/// (a − o) × (b − o): positive when o → a → b turns counter-clockwise.
@inlinable
func cross(_ o: SIMD2<Int64>, _ a: SIMD2<Int64>, _ b: SIMD2<Int64>) -> Int64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// The integers t with `line(t)` inside or on the convex polygon `hull`
/// (counter-clockwise), where line(t) = origin + t·direction runs along
/// one coordinate axis (`direction` is (0, d) or (d, 0), d > 0).
@inlinable
func polygonInterval(_ hull: [SIMD2<Int64>], origin: SIMD2<Int64>, direction: SIMD2<Int64>) -> ClosedRange<Int64>? {
    var low = Int64.min, high = Int64.max
    for i in hull.indices {
        let a = hull[i], b = hull[(i + 1) % hull.count]
        // cross(a, b, origin + t·dir) = c0 + t·c1 ≥ 0
        let c0 = cross(a, b, origin)
        let edge = b &- a
        let c1 = edge.x * direction.y - edge.y * direction.x
        if c1 > 0 { low = max(low, ceilDivide(-c0, c1)) }
        else if c1 < 0 { high = min(high, floorDivide(-c0, c1)) }
        else if c0 < 0 { return nil }
    }
    return low <= high ? low...high : nil
}

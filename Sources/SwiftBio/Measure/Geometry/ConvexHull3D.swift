/// Convex hull of integer points in 3D, exact (incremental; every
/// predicate is an integer determinant). Triangular faces with outward
/// normals; nil when the points are coplanar.
@usableFromInline
struct ConvexHull3D {
    @usableFromInline let points: [SIMD3<Int64>]
    /// Vertex indices of each face, counter-clockwise seen from outside.
    @usableFromInline var faces: [SIMD3<Int32>] = []

    @inlinable
    init?(_ input: [SIMD3<Int64>]) {
        points = Array(Set(input))
        guard let simplex = Self.initialSimplex(points) else { return nil }
        let (i0, i1, i2, i3) = simplex
        var alive: [Bool] = []
        var live: [Int] = []  // indices of the alive faces: the visibility scan skips dead ones
        var edgeFace: [Int64: Int] = [:]  // directed edge a→b → face holding it in that direction
        let n = Int64(points.count)
        func key(_ a: Int32, _ b: Int32) -> Int64 { Int64(a) * n + Int64(b) }
        func add(_ a: Int32, _ b: Int32, _ c: Int32) {
            let f = faces.count
            faces.append(SIMD3(a, b, c)); alive.append(true); live.append(f)
            edgeFace[key(a, b)] = f; edgeFace[key(b, c)] = f; edgeFace[key(c, a)] = f
        }
        // The tetrahedron, each face oriented away from the fourth vertex.
        for (a, b, c, other) in [(i0, i1, i2, i3), (i0, i1, i3, i2), (i0, i2, i3, i1), (i1, i2, i3, i0)] {
            if orient(points[a], points[b], points[c], points[other]) < 0 { add(Int32(a), Int32(b), Int32(c)) }
            else { add(Int32(a), Int32(c), Int32(b)) }
        }
        for p in points.indices where p != i0 && p != i1 && p != i2 && p != i3 {
            let q = points[p]
            var visible: [Int] = []
            for f in live {
                let face = faces[f]
                if orient(points[Int(face.x)], points[Int(face.y)], points[Int(face.z)], q) > 0 { visible.append(f) }
            }
            if visible.isEmpty { continue }
            for f in visible { alive[f] = false }
            live.removeAll { !alive[$0] }
            // Horizon: edges of visible faces whose neighbour across is not visible.
            var horizon: [(Int32, Int32)] = []
            for f in visible {
                let face = faces[f]
                for (a, b) in [(face.x, face.y), (face.y, face.z), (face.z, face.x)] {
                    if let g = edgeFace[key(b, a)], alive[g] { horizon.append((a, b)) }
                }
            }
            for f in visible {
                let face = faces[f]
                for (a, b) in [(face.x, face.y), (face.y, face.z), (face.z, face.x)] where edgeFace[key(a, b)] == f {
                    edgeFace[key(a, b)] = nil
                }
            }
            for (a, b) in horizon { add(a, b, Int32(p)) }
        }
        faces = faces.indices.filter { alive[$0] }.map { faces[$0] }
    }

    @inlinable
    static func initialSimplex(_ points: [SIMD3<Int64>]) -> (Int, Int, Int, Int)? {
        guard points.count >= 4 else { return nil }
        let i0 = 0
        guard let i1 = points.indices.max(by: { squaredLength(points[$0] &- points[i0]) < squaredLength(points[$1] &- points[i0]) }),
              points[i1] != points[i0] else { return nil }
        // Squared areas overflow Int64 for large coordinates: compare them in Double, test zero exactly.
        func area(_ i: Int) -> Double {
            let c = cross3(points[i1] &- points[i0], points[i] &- points[i0])
            return Double(c.x) * Double(c.x) + Double(c.y) * Double(c.y) + Double(c.z) * Double(c.z)
        }
        guard let i2 = points.indices.max(by: { area($0) < area($1) }), area(i2) > 0 else { return nil }
        func volume(_ i: Int) -> Int64 { abs(orient(points[i0], points[i1], points[i2], points[i])) }
        guard let i3 = points.indices.max(by: { volume($0) < volume($1) }), volume(i3) > 0 else { return nil }
        return (i0, i1, i2, i3)
    }

    /// Indices of the points that are hull vertices.
    @inlinable var vertexIndices: [Int] {
        Array(Set(faces.flatMap { [Int($0.x), Int($0.y), Int($0.z)] })).sorted()
    }

    /// The integers t with origin + t·direction inside or on the hull.
    @inlinable
    func interval(origin: SIMD3<Int64>, direction: SIMD3<Int64>) -> ClosedRange<Int64>? {
        var low = Int64.min, high = Int64.max
        for face in faces {
            let a = points[Int(face.x)]
            let normal = cross3(points[Int(face.y)] &- a, points[Int(face.z)] &- a)
            // normal·(origin + t·direction − a) ≤ 0  ⇔  c0 + t·c1 ≤ 0
            let c0 = dot3(normal, origin &- a), c1 = dot3(normal, direction)
            if c1 > 0 { high = min(high, floorDivide(-c0, c1)) }
            else if c1 < 0 { low = max(low, ceilDivide(-c0, c1)) }
            else if c0 > 0 { return nil }
        }
        return low <= high ? low...high : nil
    }
}

@inlinable func cross3(_ a: SIMD3<Int64>, _ b: SIMD3<Int64>) -> SIMD3<Int64> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
@inlinable func dot3(_ a: SIMD3<Int64>, _ b: SIMD3<Int64>) -> Int64 { a.x * b.x + a.y * b.y + a.z * b.z }
@inlinable func squaredLength(_ a: SIMD3<Int64>) -> Int64 { dot3(a, a) }
/// Positive when `p` lies on the side of plane (a, b, c) that its normal (b − a) × (c − a) points to.
@inlinable func orient(_ a: SIMD3<Int64>, _ b: SIMD3<Int64>, _ c: SIMD3<Int64>, _ p: SIMD3<Int64>) -> Int64 {
    dot3(cross3(b &- a, c &- a), p &- a)
}

/// The points that are lowest or highest along each axis among the points
/// sharing their other two coordinates: any other point lies between two
/// points on an axis line, so it cannot be a hull vertex. Thins boundary
/// point sets before `ConvexHull3D` (whose cost grows with points × faces).
@inlinable
func axisExtremes(_ points: [SIMD3<Int64>]) -> [SIMD3<Int64>] {
    var keep = [Bool](repeating: true, count: points.count)
    for axis in 0..<3 {
        let (u, v) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
        var span: [SIMD2<Int64>: SIMD2<Int64>] = [:]  // the other two coordinates → lowest, highest
        for p in points {
            let key = SIMD2(p[u], p[v]), c = p[axis]
            span[key] = span[key].map { SIMD2(min($0.x, c), max($0.y, c)) } ?? SIMD2(c, c)
        }
        for (i, p) in points.enumerated() where keep[i] {
            let s = span[SIMD2(p[u], p[v])]!
            if p[axis] != s.x && p[axis] != s.y { keep[i] = false }
        }
    }
    return points.indices.filter { keep[$0] }.map { points[$0] }
}

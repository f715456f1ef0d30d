import Testing
@testable import SwiftBio

/// Exact geometry and assignment kernels behind region properties and
/// object matching, against brute force (the Python suite compares the
/// whole tables with scikit-image and StarDist).
@Suite struct MeasureTests {
    /// A small linear congruential generator: deterministic inputs.
    struct Numbers {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func hull2DHoldsExactlyThePointsInside() {
        var numbers = Numbers(state: 1)
        for _ in 0..<50 {
            let points = (0..<(3 + numbers.next(20))).map { _ in SIMD2(Int64(numbers.next(15)), Int64(numbers.next(15))) }
            let hull = convexHull2D(points)
            guard hull.count >= 3 else { continue }
            // Every input point lies inside or on the hull; rows agree with a point-by-point test.
            for p in points { #expect(hull.indices.allSatisfy { cross(hull[$0], hull[($0 + 1) % hull.count], p) >= 0 }) }
            for u in Int64(-1)...16 {
                let span = polygonInterval(hull, origin: SIMD2(u, 0), direction: SIMD2(0, 1))
                for v in Int64(-1)...16 {
                    let inside = hull.indices.allSatisfy { cross(hull[$0], hull[($0 + 1) % hull.count], SIMD2(u, v)) >= 0 }
                    #expect(inside == (span?.contains(v) ?? false))
                }
            }
        }
    }

    @Test func hull3DContainsItsPointsAndItsFacesAreTight() throws {
        var numbers = Numbers(state: 2)
        for _ in 0..<30 {
            let points = (0..<(4 + numbers.next(40))).map { _ in
                SIMD3(Int64(numbers.next(9)), Int64(numbers.next(9)), Int64(numbers.next(9)))
            }
            guard let hull = ConvexHull3D(points) else { continue }
            for face in hull.faces {
                let a = hull.points[Int(face.x)], b = hull.points[Int(face.y)], c = hull.points[Int(face.z)]
                // No point outside any face; every face a true (non-degenerate) triangle.
                #expect(points.allSatisfy { orient(a, b, c, $0) <= 0 })
                #expect(squaredLength(cross3(b &- a, c &- a)) > 0)
            }
            // Lines through the grid: the interval is exactly the points inside every face.
            for y in Int64(0)...8 {
                for z in Int64(0)...8 {
                    let span = hull.interval(origin: SIMD3(z, y, 0), direction: SIMD3(0, 0, 1))
                    for x in Int64(-1)...9 {
                        let q = SIMD3(z, y, x)
                        let inside = hull.faces.allSatisfy { f in
                            orient(hull.points[Int(f.x)], hull.points[Int(f.y)], hull.points[Int(f.z)], q) <= 0
                        }
                        #expect(inside == (span?.contains(x) ?? false))
                    }
                }
            }
        }
        #expect(ConvexHull3D([SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(1, 1, 0)]) == nil)  // coplanar
    }

    @Test func matchingIsOptimalOnSmallGraphs() throws {
        var numbers = Numbers(state: 3)
        for _ in 0..<200 {
            let left = 1 + numbers.next(5), right = 1 + numbers.next(5)
            var edges: [(left: Int, right: Int, weight: Double)] = []
            for i in 0..<left { for j in 0..<right where numbers.next(3) > 0 { edges.append((i, j, Double(1 + numbers.next(9)))) } }
            let match = try maximumWeightMatching(leftCount: left, rightCount: right, edges: edges)
            func weight(_ m: [Int]) -> Double {
                m.enumerated().reduce(0) { sum, p in
                    sum + (p.element < 0 ? 0 : edges.first { $0.left == p.offset && $0.right == p.element }!.weight)
                }
            }
            // A matching (each right vertex once, only existing edges) of the best weight of all matchings.
            let used = match.filter { $0 >= 0 }
            #expect(Set(used).count == used.count)
            #expect(match.enumerated().allSatisfy { p in p.element < 0 || edges.contains { $0.left == p.offset && $0.right == p.element } })
            var best = 0.0
            func search(_ i: Int, _ taken: Set<Int>, _ partial: [Int]) {
                if i == left { best = max(best, weight(partial)); return }
                search(i + 1, taken, partial + [-1])
                for e in edges where e.left == i && !taken.contains(e.right) { search(i + 1, taken.union([e.right]), partial + [e.right]) }
            }
            search(0, [], [])
            #expect(abs(weight(match) - best) < 1e-9)
        }
    }

    @Test func meshAreaSumsTrianglesAndRejectsBadIndices() throws {
        // A unit cube's 12 faces (two triangles per side): area 6, whatever the block split.
        let corners: [Double] = [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1]
        let sides: [[Int64]] = [[0, 1, 3, 2], [4, 5, 7, 6], [0, 1, 5, 4], [2, 3, 7, 6], [0, 2, 6, 4], [1, 3, 7, 5]]
        var faces: [Int64] = []
        for _ in 0..<1000 { for q in sides { faces += [q[0], q[1], q[2], q[0], q[2], q[3]] } }
        let area = try meshSurfaceArea(vertices: corners, vertexCount: 8, faces: faces, faceCount: faces.count / 3)
        #expect(abs(area - 6000) < 1e-9)
        #expect(throws: EngineError.self) {
            try meshSurfaceArea(vertices: corners, vertexCount: 8, faces: [0, 1, 8], faceCount: 1)
        }
        // Negative indices count from the end, as in numpy: -1 is vertex 7.
        let wrapped = try meshSurfaceArea(vertices: corners, vertexCount: 8, faces: [0, -1, 2], faceCount: 1)
        #expect(wrapped == (try meshSurfaceArea(vertices: corners, vertexCount: 8, faces: [0, 7, 2], faceCount: 1)))
        #expect(throws: EngineError.self) {
            try meshSurfaceArea(vertices: corners, vertexCount: 8, faces: [0, -9, 2], faceCount: 1)
        }
    }

    @Test func marchingCubesCutsOneCornerAtEdgeMidpoints() throws {
        // Corner (0, 0, 0) above the level, the others equally far below:
        // one triangle through the midpoints of its three edges.
        var values = [Float](repeating: -1, count: 8)
        values[0] = 1
        let mesh = try values.withUnsafeBufferPointer {
            try marchingCubes(ImageView(base: $0.baseAddress!, shape: ImageShape([2, 2, 2])), options: .init(level: 0))
        }
        #expect(mesh.vertexCount == 3 && mesh.faceCount == 1)
        var vertices = [Float](repeating: 0, count: 9), normals = vertices, levels = [Float](repeating: 0, count: 3)
        var faces = [Int32](repeating: 0, count: 3)
        mesh.copy(vertices: &vertices, faces: &faces, normals: &normals, values: &levels)
        let points = Set(stride(from: 0, to: 9, by: 3).map { [vertices[$0], vertices[$0 + 1], vertices[$0 + 2]] })
        #expect(points == [[0, 0, 0.5], [0, 0.5, 0], [0.5, 0, 0]])
        #expect(Set(faces) == [0, 1, 2])
        #expect(levels == [2, 2, 2])
    }

    @Test func marchingCubesMergesSlabsIntoAClosedSurface() throws {
        // A ball in a volume deep enough for several slabs: every vertex
        // position appears once and every edge borders exactly two faces.
        let n = 40
        var volume = [Float](repeating: 0, count: n * n * n)
        for z in 0..<n { for y in 0..<n { for x in 0..<n {
            let d = SIMD3<Float>(Float(x), Float(y), Float(z)) - 19.5
            volume[(z * n + y) * n + x] = (d * d).sum().squareRoot()
        } } }
        let mesh = try volume.withUnsafeBufferPointer {
            try marchingCubes(ImageView(base: $0.baseAddress!, shape: ImageShape([n, n, n])), options: .init(level: 15))
        }
        var vertices = [Float](repeating: 0, count: 3 * mesh.vertexCount), normals = vertices
        var levels = [Float](repeating: 0, count: mesh.vertexCount), faces = [Int32](repeating: 0, count: 3 * mesh.faceCount)
        mesh.copy(vertices: &vertices, faces: &faces, normals: &normals, values: &levels)
        let points = Set(stride(from: 0, to: vertices.count, by: 3).map { [vertices[$0], vertices[$0 + 1], vertices[$0 + 2]] })
        #expect(points.count == mesh.vertexCount)
        var edges: [SIMD2<Int32>: Int] = [:]
        for f in 0..<mesh.faceCount {
            for k in 0..<3 {
                let a = faces[3 * f + k], b = faces[3 * f + (k + 1) % 3]
                edges[SIMD2(min(a, b), max(a, b)), default: 0] += 1
            }
        }
        #expect(edges.values.allSatisfy { $0 == 2 })
        // Euler characteristic of a sphere.
        #expect(mesh.vertexCount - edges.count + mesh.faceCount == 2)
    }

    @Test func eulerTablesGiveHandCheckedNumbers() throws {
        // A ring (one hole): 8-connected Euler number 0; a filled square: 1; two diagonal pixels: one object.
        func euler(_ values: [UInt8], _ shape: [Int]) throws -> [Int] {
            let s = try ImageShape(shape)
            return try values.withUnsafeBufferPointer { v in
                let image = ImageView(base: v.baseAddress!, shape: s)
                return RegionEuler.compute(image, try RegionSlots(image))
            }
        }
        #expect(try euler([1, 1, 1, 1, 0, 1, 1, 1, 1], [3, 3]) == [0])
        #expect(try euler([1, 1, 1, 1, 1, 1, 1, 1, 1], [3, 3]) == [1])
        #expect(try euler([1, 0, 0, 1], [2, 2]) == [1])
        #expect(try euler([1, 0, 2, 0, 0, 0, 2, 0, 1], [3, 3]) == [2, 2])
        // A hollow 3×3×3 cube: one cavity, Euler number 2 with 26-connectivity.
        var cube = [UInt8](repeating: 1, count: 27)
        cube[13] = 0
        #expect(try euler(cube, [3, 3, 3]) == [2])
    }

    @Test func medianNetworksSelectTheMedian() {
        var numbers = Numbers(state: 4)
        for n in [13, 25, 27, 37, 49, 81] {
            for _ in 0..<200 {
                let values = (0..<n).map { _ in UInt16(numbers.next(n / 2 + 1)) }  // many ties
                let median = values.withUnsafeBufferPointer { v -> UInt16 in
                    switch n {
                    case 13: return _medianNetwork13(v.baseAddress!, stride: 1, 0)
                    case 25: return _medianNetwork25(v.baseAddress!, stride: 1, 0)
                    case 27: return _medianNetwork27(v.baseAddress!, stride: 1, 0)
                    case 37: return _medianNetwork37(v.baseAddress!, stride: 1, 0)
                    case 49: return _medianNetwork49(v.baseAddress!, stride: 1, 0)
                    default: return _medianNetwork81(v.baseAddress!, stride: 1, 0)
                    }
                }
                #expect(median == values.sorted()[n / 2])
            }
        }
    }
}

/// The area of a triangle mesh, as `skimage.measure.mesh_surface_area`:
/// half the summed lengths of (v₀ − v₁) × (v₀ − v₂) over the faces, in
/// double precision whatever the vertices' type.
///
/// Faces are summed in fixed blocks of 4096, in parallel, and the block
/// sums added in order, so the result does not depend on the thread count.
///
/// - Parameters:
///   - vertices: `vertexCount` rows of (x, y, z) coordinates.
///   - faces: `faceCount` rows of three vertex indices, each in
///     `-vertexCount ..< vertexCount` (negative ones count from the end,
///     as numpy indexing does; checked: an index outside throws).
@inlinable
public func meshSurfaceArea<V: BinaryFloatingPoint, I: FixedWidthInteger>(
    vertices: UnsafePointer<V>, vertexCount: Int, faces: UnsafePointer<I>, faceCount: Int
) throws -> Double {
    try require(vertexCount >= 0 && faceCount >= 0, "vertex and face counts must not be negative")
    let block = 4096, blocks = (faceCount + block - 1) / block
    let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(blocks, 1))
    let invalid = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(blocks, 1))
    defer { sums.deallocate(); invalid.deallocate() }
    Parallel.forEachChunk(of: blocks, workPerItem: block * 16) { range in
        for b in range {
            var sum = 0.0, bad = false
            for f in (b * block)..<min(faceCount, (b + 1) * block) {
                guard let p = _vertex(faces[3 * f], vertices, vertexCount),
                      let q = _vertex(faces[3 * f + 1], vertices, vertexCount),
                      let r = _vertex(faces[3 * f + 2], vertices, vertexCount) else { bad = true; continue }
                let a = p - q, c = p - r
                let n = SIMD3(a.y * c.z - a.z * c.y, a.z * c.x - a.x * c.z, a.x * c.y - a.y * c.x)
                sum += (n * n).sum().squareRoot()
            }
            sums[b] = sum
            invalid[b] = bad
        }
    }
    try require(!invalid[0..<blocks].contains(true),
                "face vertex indices must be in -\(vertexCount)..\(vertexCount - 1) for \(vertexCount) vertices")
    return sums[0..<blocks].reduce(0, +) / 2
}

/// Vertex `index` (negative: from the end) as doubles, or nil outside the vertices.
@inlinable @inline(__always)
func _vertex<V: BinaryFloatingPoint, I: FixedWidthInteger>(
    _ index: I, _ vertices: UnsafePointer<V>, _ count: Int
) -> SIMD3<Double>? {
    var i = Int(truncatingIfNeeded: index)
    if i < 0 { i += count }
    guard i >= 0 && i < count else { return nil }
    let v = vertices + 3 * i
    return SIMD3(Double(v[0]), Double(v[1]), Double(v[2]))
}

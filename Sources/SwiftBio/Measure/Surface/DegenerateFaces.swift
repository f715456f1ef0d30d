/// The bookkeeping of `marching_cubes(allow_degenerate=False)` in
/// scikit-image: faces are visited in order; a face with two vertices at
/// the same position is dropped, and each such pair is pointed at the
/// smaller of their current targets (one level deep, as scikit-image does,
/// not a union–find). The caller keeps the vertices that still point at
/// themselves and renumbers faces through `vertexMap`.
///
/// - Parameters:
///   - vertices: `vertexCount` rows of three coordinates.
///   - faces: `faceCount` rows of three indices in `0 ..< vertexCount`.
///   - vertexMap: on return, the vertex each vertex is merged into.
///   - faceKept: on return, 1 for faces with three distinct positions.
/// - Throws: on a face index outside the vertices.
public func degenerateFaceMerge(
    vertices: UnsafePointer<Float>, vertexCount: Int, faces: UnsafePointer<Int32>, faceCount: Int,
    vertexMap: UnsafeMutablePointer<Int32>, faceKept: UnsafeMutablePointer<UInt8>
) throws {
    try require(vertexCount >= 0 && vertexCount <= Int(Int32.max) && faceCount >= 0, "invalid vertex or face count")
    for i in 0..<faceCount * 3 {
        try require(faces[i] >= 0 && Int(faces[i]) < vertexCount,
                    "face vertex indices must be in 0..\(vertexCount - 1), got \(faces[i])")
    }
    for i in 0..<vertexCount { vertexMap[i] = Int32(i) }
    func same(_ a: Int, _ b: Int) -> Bool {
        vertices[3 * a] == vertices[3 * b] && vertices[3 * a + 1] == vertices[3 * b + 1] && vertices[3 * a + 2] == vertices[3 * b + 2]
    }
    func join(_ a: Int, _ b: Int) {
        let m = min(vertexMap[a], vertexMap[b])
        vertexMap[a] = m
        vertexMap[b] = m
    }
    for f in 0..<faceCount {
        let a = Int(faces[3 * f]), b = Int(faces[3 * f + 1]), c = Int(faces[3 * f + 2])
        var kept: UInt8 = 1
        if same(a, b) { join(a, b); kept = 0 }
        if same(a, c) { join(a, c); kept = 0 }
        if same(b, c) { join(b, c); kept = 0 }
        faceKept[f] = kept
    }
}

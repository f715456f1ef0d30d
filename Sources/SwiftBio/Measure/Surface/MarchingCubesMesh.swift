#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A marching-cubes mesh held in slabs until the caller copies it out.
///
/// Slab k's first plane is slab k − 1's last plane: vertices on it that
/// both slabs made are merged into the earlier slab's vertex (the later
/// slab's gradients are added to its sum in scan order, its value is the
/// larger), so vertices, faces, normals and values are exactly those of
/// one serial scan.
public final class MarchingCubesMesh: @unchecked Sendable {
    let slabs: [_MarchingSlab]
    /// Per slab: global index of its first vertex not merged into the
    /// previous slab, and (local, previous slab's local) merged pairs.
    let offsets: [Int]
    let merged: [[(local: Int32, previous: Int32)]]
    public let vertexCount: Int
    public let faceCount: Int

    init(slabs: [_MarchingSlab]) {
        self.slabs = slabs
        var offsets = [Int](), merged = [[(local: Int32, previous: Int32)]](), next = 0
        for (k, slab) in slabs.enumerated() {
            var pairs = [(local: Int32, previous: Int32)]()
            if k > 0 {
                // Both lists by slot, joined in one pass.
                let previous = slabs[k - 1].lastPlane
                var j = 0
                for (slot, vertex) in slab.firstPlane.sorted(by: { $0.slot < $1.slot }) {
                    while j < previous.count && previous[j].slot < slot { j += 1 }
                    if j < previous.count && previous[j].slot == slot { pairs.append((vertex, previous[j].vertex)) }
                }
            }
            offsets.append(next)
            merged.append(pairs)
            next += slab.values.count - pairs.count
        }
        self.offsets = offsets
        self.merged = merged
        vertexCount = next
        faceCount = slabs.reduce(0) { $0 + $1.faces.count / 3 }
    }

    /// Writes the mesh: `vertices` and `normals` (`vertexCount` rows of
    /// (z, y, x)), `values`, and `faces` (`faceCount` rows of three
    /// indices). Normals are normalised to unit length (zero stays zero).
    public func copy(
        vertices: UnsafeMutablePointer<Float>, faces: UnsafeMutablePointer<Int32>,
        normals: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>
    ) {
        // Local → global vertex index per slab; merged vertices point into
        // the previous slab, whose map is complete for its last plane.
        var maps = slabs.map { [Int32](repeating: -1, count: $0.values.count) }
        var faceOffsets = [Int](), f = 0
        for slab in slabs { faceOffsets.append(f); f += slab.faces.count }
        maps.withUnsafeMutableBufferPointer { maps in
            let shared = UncheckedSendable(maps)
            Parallel.forEachChunk(of: slabs.count, workPerItem: 1 << 20) { range in
                for k in range {
                    var isMerged = [Bool](repeating: false, count: slabs[k].values.count)
                    for pair in merged[k] { isMerged[Int(pair.local)] = true }
                    var next = Int32(offsets[k])
                    for local in 0..<isMerged.count where !isMerged[local] {
                        shared.value[k][local] = next
                        next += 1
                    }
                }
            }
            for k in 1..<max(slabs.count, 1) {
                for pair in merged[k] { maps[k][Int(pair.local)] = maps[k - 1][Int(pair.previous)] }
            }
        }
        Parallel.forEachChunk(of: slabs.count, workPerItem: 1 << 20) { range in
            for k in range {
                let slab = slabs[k], map = maps[k]
                for local in 0..<slab.values.count {
                    let g = Int(map[local])
                    if g < offsets[k] { continue }  // merged into the previous slab
                    let n = slab.normals[local]
                    for a in 0..<3 {
                        vertices[3 * g + a] = slab.positions[3 * local + a]
                        normals[3 * g + a] = n[a]
                    }
                    values[g] = slab.values[local]
                }
                for (i, v) in slab.faces.enumerated() { faces[faceOffsets[k] + i] = map[Int(v)] }
            }
        }
        // Merged vertices: the later slab's gradients are added to the
        // earlier slab's sum one by one, in scan order (as one serial scan
        // adds them), and the value is the larger.
        for k in 1..<max(slabs.count, 1) {
            for (local, gradient) in slabs[k].firstPlaneGradients {
                let g = Int(maps[k][Int(local)])
                guard g < offsets[k] else { continue }  // not merged: its own sum is complete
                for a in 0..<3 { normals[3 * g + a] += gradient[a] }
            }
            for pair in merged[k] {
                let g = Int(maps[k][Int(pair.local)]), l = Int(pair.local)
                if slabs[k].values[l] > values[g] { values[g] = slabs[k].values[l] }
            }
        }
        let count = vertexCount
        Parallel.forEachChunk(of: count, workPerItem: 8) { range in
            for i in range {
                // Length summed in the port's (x, y, z) order, scaled by
                // 1 / length^0.5 with the C library's pow.
                let n = normals + 3 * i
                var length = 0.0
                for a in stride(from: 2, through: 0, by: -1) { length += Double(n[a]) * Double(n[a]) }
                if length > 0 { length = 1 / pow(length, 0.5) }
                for a in 0..<3 { n[a] = Float(Double(n[a]) * length) }
            }
        }
    }
}

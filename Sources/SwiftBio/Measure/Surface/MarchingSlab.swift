/// The mesh of one slab of cube layers, in the slab's own vertex numbering.
/// Vertices are numbered in the order the serial scan (z, then y, then x,
/// then the tiling's edge order) first uses them, as scikit-image does, so
/// slabs concatenate into its numbering once the vertices shared by
/// neighbouring slabs are merged (see `MarchingCubesMesh`).
struct _MarchingSlab: Sendable {
    /// Three per vertex, in the caller's axis order (z, y, x).
    var positions: [Float] = []
    /// Unnormalised gradient sums per vertex, (z, y, x, unused).
    var normals: [SIMD4<Float>] = []
    var values: [Float] = []
    /// Three local vertex indices per triangle, already in output order.
    var faces: [Int32] = []
    /// Vertices made on the slab's first plane: (plane slot, local index),
    /// in the order made.
    var firstPlane: [(slot: Int32, vertex: Int32)] = []
    /// Every gradient added to a first-plane vertex, in order: replayed onto
    /// the previous slab's sum when the vertex is merged, so that the sum
    /// adds in the serial scan's order.
    var firstPlaneGradients: [(vertex: Int32, gradient: SIMD4<Float>)] = []
    /// Vertices on the slab's last plane: (plane slot, local index), sorted
    /// by slot.
    var lastPlane: [(slot: Int32, vertex: Int32)] = []

    /// Capacity for this many vertices and face indices in all.
    mutating func reserve(vertices: Int, faces count: Int) {
        positions.reserveCapacity(3 * vertices)
        normals.reserveCapacity(vertices)
        values.reserveCapacity(vertices)
        faces.reserveCapacity(count)
    }

    /// A new vertex's zero normal sum and value (its position is appended
    /// by the caller).
    mutating func appendBlank() {
        normals.append(.zero)
        values.append(0)
    }
}

/// The corner "gradients" of scikit-image's port, per corner in bit order
/// (x + 2y + 4z), from the corner values in the paper's numbering. Kept
/// as it defines them (some mix neighbouring corners), so normals agree.
struct _CornerGradients {
    let x, y, z: SIMD8<Double>

    @inline(__always)
    init(_ v: SIMD8<Double>) {
        x = SIMD8(v[0] - v[1], v[0] - v[1], v[3] - v[2], v[3] - v[2], v[4] - v[5], v[4] - v[5], v[7] - v[6], v[7] - v[6])
        y = SIMD8(v[0] - v[3], v[1] - v[2], v[1] - v[2], v[0] - v[3], v[4] - v[7], v[5] - v[6], v[5] - v[6], v[4] - v[7])
        z = SIMD8(v[0] - v[4], v[1] - v[5], v[2] - v[6], v[3] - v[7], v[0] - v[4], v[1] - v[5], v[2] - v[6], v[3] - v[7])
    }

    @inline(__always)
    subscript(k: Int) -> SIMD3<Double> { SIMD3(x[k], y[k], z[k]) }
}

/// Marches the cube layers of one slab. Corner values come as Float
/// planes (the volume converted as `numpy.float32` would), the iso level
/// is subtracted in double precision, and every vertex, gradient and value
/// is computed with the same operations in the same order as
/// scikit-image's `marching_cubes` (Lewiner), so that the float32 results
/// agree bit for bit.
struct _SlabMarcher {
    let width: Int, height: Int, step: Int
    let level: Double
    let descent: Bool
    /// Lorensen–Cline tiling instead of Lewiner's.
    let classic: Bool
    let pool: UnsafePointer<Int8>
    /// Per edge, its slot's offset from the cube's own slot (x, y): in
    /// units of slots (two per cell in a plane, one for vertical edges).
    let slotOffset: [Int]

    init(width: Int, height: Int, step: Int, level: Double, descent: Bool, classic: Bool, pool: UnsafePointer<Int8>) {
        (self.width, self.height, self.step, self.level) = (width, height, step, level)
        (self.descent, self.classic, self.pool) = (descent, classic, pool)
        slotOffset = Self.edges.map { e in
            let cell = e.dy * step * width + e.dx * step
            return e.plane == 2 ? cell : 2 * cell + e.kind
        }
    }

    /// Edge k of a cube: its end corners in bit order (x + 2y + 4z), and
    /// where its vertex is remembered: plane 0 (low), 1 (high) or 2
    /// (vertical edges), offset (dx, dy) in steps, and the slot kind
    /// (0: x edge, 1: y edge) within a plane.
    static let edges: [(a: Int, b: Int, plane: Int, dx: Int, dy: Int, kind: Int)] = [
        (0, 1, 0, 0, 0, 0), (1, 3, 0, 1, 0, 1), (3, 2, 0, 0, 1, 0), (2, 0, 0, 0, 0, 1),
        (4, 5, 1, 0, 0, 0), (5, 7, 1, 1, 0, 1), (7, 6, 1, 0, 1, 0), (6, 4, 1, 0, 0, 1),
        (0, 4, 2, 0, 0, 0), (1, 5, 2, 1, 0, 0), (3, 7, 2, 1, 1, 0), (2, 6, 2, 0, 1, 0),
    ]

    /// March cube layers `layers` (z = layer · step) into a slab mesh.
    /// `load(z, out)` writes volume plane z as Float; `mask(z)` gives the
    /// mask plane z (a cube is marched where its far corner is nonzero).
    /// `state` is a worker's scratch (its slots all -1), left clean.
    func march(
        layers: Range<Int>, state: inout _SlabState,
        load: (Int, UnsafeMutablePointer<Float>) -> Void,
        mask: ((Int) -> UnsafePointer<UInt8>)?
    ) -> _MarchingSlab {
        var slab = _MarchingSlab()
        load(layers.lowerBound * step, state.low)
        state.flag(state.low, into: state.lowFlags, rows: state.lowRows, width: width, level: level)
        let columns = (width - 1) / step + 1, codes = state.codes
        for layer in layers {
            let z = layer * step
            load(z + step, state.high)
            state.flag(state.high, into: state.highFlags, rows: state.highRows, width: width, level: level)
            let maskPlane = mask?(z + step)
            var y = 0
            while y + step < height {
                let r0 = y * width, r1 = (y + step) * width
                // A row of cubes whose four corner rows are all below (or
                // all above) the level holds no surface.
                let kind = state.lowRows[y]
                if kind < 2 && state.lowRows[y + step] == kind && state.highRows[y] == kind && state.highRows[y + step] == kind {
                    y += step
                    continue
                }
                for c in 0..<columns {
                    let x = c * step
                    codes[c] = state.lowFlags[r0 + x] | state.lowFlags[r1 + x] << 1
                        | state.highFlags[r0 + x] << 2 | state.highFlags[r1 + x] << 3
                }
                for c in 0..<(columns - 1) {
                    let left = codes[c], right = codes[c + 1]
                    if left == right && (left == 0 || left == 15) { continue }
                    let x = c * step
                    if let maskPlane, maskPlane[r1 + x + step] == 0 { continue }
                    emitCube(x: x, y: y, z: z, slab: &slab, state: &state, firstLayer: layer == layers.lowerBound)
                }
                y += step
            }
            if layer == layers.lowerBound && layers.count > 1 {
                // Room for the slab at the first layer's rate (and a
                // quarter more): the arrays grow without copying as a rule.
                let scale = Double(layers.count) * 1.25
                slab.reserve(vertices: Int(Double(slab.values.count) * scale), faces: Int(Double(slab.faces.count) * scale))
            }
            if layer + 1 < layers.upperBound { state.advance() }
        }
        slab.lastPlane = state.highUsed.map { (Int32($0), state.highSlots[$0]) }.sorted { $0.slot < $1.slot }
        state.reset()
        return slab
    }

    /// Tiles the cube at (x, y, z) and appends its triangles.
    private func emitCube(x: Int, y: Int, z: Int, slab: inout _MarchingSlab, state: inout _SlabState, firstLayer: Bool) {
        let r0 = y * width + x, r1 = (y + step) * width + x
        let lo = state.low, hi = state.high
        let values = SIMD8<Double>(
            Double(lo[r0]), Double(lo[r0 + step]), Double(lo[r1 + step]), Double(lo[r1]),
            Double(hi[r0]), Double(hi[r0 + step]), Double(hi[r1 + step]), Double(hi[r1])) - SIMD8(repeating: level)
        let cube = _LewinerCube(values)
        let (start, triangles) = classic ? cube.classicTiling(pool) : cube.tiling(pool)
        guard triangles > 0 else { return }
        // Corner values in bit order, their spread, and the corner
        // "gradients" as scikit-image's port defines them.
        let v = values
        let bits = SIMD8<Double>(v[0], v[1], v[3], v[2], v[4], v[5], v[7], v[6])
        var low = 0.0, high = 0.0
        for k in 0..<8 {
            high = bits[k] > high ? bits[k] : high
            low = bits[k] < low ? bits[k] : low
        }
        let spread = high - low
        let gradient = _CornerGradients(v)
        // Each corner's weight 1 / |value| and weighted gradient, in bit
        // order: an edge vertex lies at the weighted mean of its corners
        // and gains both corners' weighted gradients (rounded to float, as
        // the port adds them) each time a triangle uses it.
        let magnitude = bits.replacing(with: -bits, where: bits .< 0)
        let weight = 1 / (SIMD8(repeating: _LewinerCube.epsilon) + magnitude)
        // The port passes the weight to its gradient helper as a float.
        let strength = SIMD8<Double>(SIMD8<Float>(weight))
        let gx = SIMD8<Float>(gradient.x * strength), gy = SIMD8<Float>(gradient.y * strength)
        let gz = SIMD8<Float>(gradient.z * strength)
        let cornerGradient = state.cornerGradients
        for k in 0..<8 { cornerGradient[k] = SIMD4(gz[k], gy[k], gx[k], 0) }
        let stp = Double(step)
        var center: (index: Int32, gradient: SIMD4<Float>)? = nil
        for t in 0..<triangles {
            var corner: (Int32, Int32, Int32) = (0, 0, 0)
            for k in 0..<3 {
                let edge = Int(pool[start + 3 * t + k])
                let index: Int32
                if edge == 12 {
                    if center == nil {
                        center = makeCenter(x: x, y: y, z: z, weight: weight, gradient: gradient, stp: stp, slab: &slab)
                    }
                    index = center!.index
                    slab.normals[Int(index)] += center!.gradient
                } else {
                    let e = Self.edges[edge]
                    let slots: UnsafeMutablePointer<Int32>
                    let slot: Int
                    switch e.plane {
                    case 0: slots = state.lowSlots; slot = 2 * (y * width + x) + slotOffset[edge]
                    case 1: slots = state.highSlots; slot = 2 * (y * width + x) + slotOffset[edge]
                    default: slots = state.verticalSlots; slot = y * width + x + slotOffset[edge]
                    }
                    if slots[slot] >= 0 {
                        index = slots[slot]
                    } else {
                        index = Int32(slab.values.count)
                        let ta = weight[e.a], tb = weight[e.b]
                        let pa = SIMD3<Double>(Double(e.a & 1), Double(e.a >> 1 & 1), Double(e.a >> 2))
                        let pb = SIMD3<Double>(Double(e.b & 1), Double(e.b >> 1 & 1), Double(e.b >> 2))
                        let f = pa * ta + pb * tb, sum = ta + tb
                        slab.positions.append(Float(Double(z) + stp * f.z / sum))
                        slab.positions.append(Float(Double(y) + stp * f.y / sum))
                        slab.positions.append(Float(Double(x) + stp * f.x / sum))
                        slab.appendBlank()
                        slots[slot] = index
                        state.touch(plane: e.plane, slot: slot)
                        if firstLayer && e.plane == 0 { slab.firstPlane.append((Int32(slot), index)) }
                    }
                    // One load and store per use: (sum + a) + b, lane by lane.
                    slab.normals[Int(index)] = slab.normals[Int(index)] + cornerGradient[e.a] + cornerGradient[e.b]
                    if firstLayer && e.plane == 0 {
                        slab.firstPlaneGradients.append((index, cornerGradient[e.a]))
                        slab.firstPlaneGradients.append((index, cornerGradient[e.b]))
                    }
                }
                if spread > Double(slab.values[Int(index)]) { slab.values[Int(index)] = Float(spread) }
                switch k {
                case 0: corner.0 = index
                case 1: corner.1 = index
                default: corner.2 = index
                }
            }
            if descent {
                slab.faces.append(corner.2); slab.faces.append(corner.1); slab.faces.append(corner.0)
            } else {
                slab.faces.append(corner.0); slab.faces.append(corner.1); slab.faces.append(corner.2)
            }
        }
    }

    /// The cube's centre vertex (edge 12 of the tables): the corners'
    /// positions weighted by 1 / |value|, and its gradient weighted alike.
    /// `weight` is in bit order; the sums run in the paper's corner order.
    private func makeCenter(
        x: Int, y: Int, z: Int, weight: SIMD8<Double>, gradient: _CornerGradients, stp: Double, slab: inout _MarchingSlab
    ) -> (index: Int32, gradient: SIMD4<Float>) {
        let w = SIMD8<Double>(weight[0], weight[1], weight[3], weight[2], weight[4], weight[5], weight[7], weight[6])
        let fx = w[1] + w[2] + w[5] + w[6]
        let fy = w[2] + w[3] + w[6] + w[7]
        let fz = w[4] + w[5] + w[6] + w[7]
        let ff = w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + w[6] + w[7]
        // The port weighs corner k's value with the gradient stored at bit
        // position k (not corner k's): kept, so that normals agree.
        var g = SIMD3<Double>()
        for k in 0..<8 { g += w[k] * gradient[k] }  // in order k = 0…7, as the port sums
        let index = Int32(slab.values.count)
        slab.positions.append(Float(Double(z) + stp * fz / ff))
        slab.positions.append(Float(Double(y) + stp * fy / ff))
        slab.positions.append(Float(Double(x) + stp * fx / ff))
        slab.appendBlank()
        return (index, SIMD4<Float>(Float(g.z), Float(g.y), Float(g.x), 0))
    }

}

/// The two Float planes of the current cube layer, their "above the
/// level" flags, and the vertex slots of the low plane, high plane and
/// vertical edges; slots are reset through lists of the ones used.
struct _SlabState {
    var low, high: UnsafeMutablePointer<Float>
    var lowFlags, highFlags: UnsafeMutablePointer<UInt8>
    /// Per row of each plane: 0 all below the level, 1 all above, 2 mixed.
    var lowRows, highRows: UnsafeMutablePointer<UInt8>
    var lowSlots, highSlots: UnsafeMutablePointer<Int32>
    let verticalSlots: UnsafeMutablePointer<Int32>
    var lowUsed: [Int] = [], highUsed: [Int] = [], verticalUsed: [Int] = []
    /// The current cube's weighted corner gradients, (z, y, x, 0) in bit order.
    let cornerGradients: UnsafeMutablePointer<SIMD4<Float>>
    /// The current row's column codes: four corner flags per column.
    let codes: UnsafeMutablePointer<UInt8>

    init(plane: Int, rows: Int) {
        low = .allocate(capacity: plane); high = .allocate(capacity: plane)
        lowFlags = .allocate(capacity: plane); highFlags = .allocate(capacity: plane)
        lowRows = .allocate(capacity: rows); highRows = .allocate(capacity: rows)
        lowSlots = .allocate(capacity: 2 * plane); highSlots = .allocate(capacity: 2 * plane)
        verticalSlots = .allocate(capacity: plane)
        cornerGradients = .allocate(capacity: 8)
        codes = .allocate(capacity: plane / rows)
        lowSlots.initialize(repeating: -1, count: 2 * plane)
        highSlots.initialize(repeating: -1, count: 2 * plane)
        verticalSlots.initialize(repeating: -1, count: plane)
        self.plane = plane
    }
    let plane: Int

    func deallocate() {
        low.deallocate(); high.deallocate(); lowFlags.deallocate(); highFlags.deallocate()
        lowRows.deallocate(); highRows.deallocate()
        lowSlots.deallocate(); highSlots.deallocate(); verticalSlots.deallocate(); cornerGradients.deallocate()
        codes.deallocate()
    }

    /// Flags each value above the level, and classifies each row.
    func flag(
        _ values: UnsafeMutablePointer<Float>, into flags: UnsafeMutablePointer<UInt8>,
        rows: UnsafeMutablePointer<UInt8>, width: Int, level: Double
    ) {
        for r in 0..<(plane / width) {
            let v = values + r * width, f = flags + r * width
            var above = 0
            for i in 0..<width {
                let bit: UInt8 = Double(v[i]) - level > 0 ? 1 : 0
                f[i] = bit
                above &+= Int(bit)
            }
            rows[r] = above == 0 ? 0 : above == width ? 1 : 2
        }
    }

    mutating func touch(plane which: Int, slot: Int) {
        switch which {
        case 0: lowUsed.append(slot)
        case 1: highUsed.append(slot)
        default: verticalUsed.append(slot)
        }
    }

    /// Sets the listed slots back to -1 and empties the list.
    private static func clear(_ used: inout [Int], in slots: UnsafeMutablePointer<Int32>) {
        for s in used { slots[s] = -1 }
        used.removeAll(keepingCapacity: true)
    }

    /// Clears every slot used, for the next slab.
    mutating func reset() {
        Self.clear(&lowUsed, in: lowSlots)
        Self.clear(&highUsed, in: highSlots)
        Self.clear(&verticalUsed, in: verticalSlots)
    }

    /// Moves to the next cube layer: the high plane becomes the low one.
    mutating func advance() {
        Self.clear(&lowUsed, in: lowSlots)
        Self.clear(&verticalUsed, in: verticalSlots)
        swap(&low, &high); swap(&lowFlags, &highFlags); swap(&lowRows, &highRows); swap(&lowSlots, &highSlots); swap(&lowUsed, &highUsed)
    }
}

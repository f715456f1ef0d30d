import Synchronization

/// Options of `marchingCubes`, as `skimage.measure.marching_cubes` names them.
public struct MarchingCubesOptions: Sendable {
    /// Iso level; nil: the mean of the volume's smallest and largest value
    /// (in float32, as scikit-image computes it).
    public var level: Double?
    public var stepSize = 1
    /// `gradient_direction='descent'` (the default): triangles wind so
    /// that normals point from high to low values.
    public var descent = true
    /// `method='lorensen'`: the classic table, without Lewiner's tests.
    public var classic = false

    public init(level: Double? = nil) { self.level = level }
}

/// The iso-surface of a 3D volume at `options.level`, by the marching
/// cubes of Lewiner et al. (2003), equal to scikit-image's
/// `marching_cubes(method='lewiner')`: the same vertices (float32, in
/// the same order), faces, normals and values, bit for bit.
///
/// The volume is read as float32 (as scikit-image converts it). Cube
/// layers are marched in parallel slabs and merged into what one serial
/// scan gives, so the mesh does not depend on the thread count.
///
/// - Parameters:
///   - mask: cubes whose far corner (z + step, y + step, x + step) is 0
///     here are skipped.
/// - Throws: on a volume that is not 3D, has an axis shorter than 2, holds
///   non-finite values, or a level outside its range.
@inlinable
public func marchingCubes<P: PixelScalar>(
    _ volume: ImageView<P>, mask: ImageView<UInt8>? = nil, options: MarchingCubesOptions = .init()
) throws -> MarchingCubesMesh {
    let shape = volume.shape
    try require(shape.rank == 3, "marching cubes needs a 3D volume, got shape \(shape)")
    try require(shape.depth >= 2 && shape.height >= 2 && shape.width >= 2,
                "the volume must be at least 2×2×2, got shape \(shape)")
    try require(options.stepSize >= 1, "step_size must be at least 1, got \(options.stepSize)")
    if let mask { try require(mask.shape == shape, "volume and mask must have the same shape, got \(shape) and \(mask.shape)") }
    let (lo, hi) = try minMax(volume)
    let low = Float(lo), high = Float(hi)
    let level = options.level ?? Double(Float(0.5) * (low + high))
    try require(level.isFinite, "the level must be finite")
    try require(level >= Double(low) && level <= Double(high),
                "surface level must be within volume data range (\(low) … \(high)), got \(level)")
    // Vertex slots are numbered with Int32 (two per pixel of a plane).
    try require(shape.height * shape.width <= Int(Int32.max) / 2,
                "planes of more than 2^30 pixels are not supported, got \(shape.height)×\(shape.width)")
    let plane = shape.height * shape.width
    return _marchSlabs(
        depth: shape.depth, height: shape.height, width: shape.width, level: level,
        step: options.stepSize, descent: options.descent, classic: options.classic,
        load: { z, out in
            let source = volume.base + z * plane
            for i in 0..<plane { out[i] = source[i].asFloat }
        },
        mask: mask.map { m in { z in m.base + z * plane } })
}

/// Marches the cube layers in slabs handed out to the threads one at a
/// time (surfaces are rarely spread evenly over z).
@usableFromInline
func _marchSlabs(
    depth: Int, height: Int, width: Int, level: Double, step: Int, descent: Bool, classic: Bool,
    load: (Int, UnsafeMutablePointer<Float>) -> Void, mask: ((Int) -> UnsafePointer<UInt8>)?
) -> MarchingCubesMesh {
    let layers = (depth - 1) / step
    let cubes = layers * height * width / (step * step)
    // Up to 16 slabs of at least 8 layers. The merge makes the mesh the
    // serial scan's whatever the split; splitting by size alone keeps the
    // work, and any slip, the same on every machine.
    let threads = Parallel.threadCount
    let slabCount = cubes < Parallel.minimumParallelWork ? 1 : max(1, min(16, layers / 8))
    var slabs = [_MarchingSlab](repeating: _MarchingSlab(), count: slabCount)
    let next = _SlabCounter()
    _lewinerPool.withUnsafeBufferPointer { pool in
        let marcher = _SlabMarcher(width: width, height: height, step: step, level: level, descent: descent,
                                   classic: classic, pool: pool.baseAddress!)
        slabs.withUnsafeMutableBufferPointer { slabs in
            let out = UncheckedSendable(slabs)
            Parallel.forEachChunk(of: min(threads, slabCount), workPerItem: Parallel.minimumParallelWork) { workers in
                for _ in workers {
                    // One scratch per worker, reused for every slab it takes.
                    var state = _SlabState(plane: height * width, rows: height)
                    defer { state.deallocate() }
                    while case let k = next.take(), k < slabCount {
                        let range = (layers * k / slabCount) ..< (layers * (k + 1) / slabCount)
                        out.value[k] = marcher.march(layers: range, state: &state, load: load, mask: mask)
                    }
                }
            }
        }
    }
    return MarchingCubesMesh(slabs: slabs)
}

/// Hands out slab numbers 0, 1, 2, … to whichever thread asks first.
@usableFromInline
final class _SlabCounter: Sendable {
    let value = Atomic<Int>(0)
    @usableFromInline init() {}
    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

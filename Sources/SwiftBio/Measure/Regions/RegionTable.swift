/// What `measureRegions` computes beyond the first-pass sums.
public struct RegionRequest: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Raw and central moments (and, with intensity, Σ(I − mean)²).
    public static let moments = RegionRequest(rawValue: 1 << 0)
    public static let perimeter = RegionRequest(rawValue: 1 << 1)
    public static let euler = RegionRequest(rawValue: 1 << 2)
    /// Convex pixel count and maximum Feret diameter.
    public static let convex = RegionRequest(rawValue: 1 << 3)
}

/// Column groups of `measureRegions`' table (one row per region), numbered
/// as the C ABI numbers them.
public enum RegionGroup: Int32, Sendable {
    case labels = 0, sums = 1, moments = 2, perimeter = 3, euler = 4, convex = 5
}

/// Measures every region of `labels` (with `intensity` when given) in as
/// few passes as `request` allows; `spacing` has one entry per axis. One
/// row per label, in ascending label order, in each `RegionGroup`.
@inlinable
public func measureRegions<L: PixelScalar, P: PixelScalar>(
    _ labels: ImageView<L>, intensity: ImageView<P>?, spacing: [Double], request: RegionRequest
) throws -> ResultTable {
    let rank = labels.shape.rank
    try require(spacing.count == rank, "spacing needs \(rank) values, got \(spacing.count)")
    try require(spacing.allSatisfy { $0.isFinite && $0 > 0 }, "spacing must be finite and positive")
    if let intensity { try require(intensity.shape == labels.shape, "intensity_image shape \(intensity.shape) does not match label_image shape \(labels.shape)") }
    try require(request.isDisjoint(with: .perimeter) || rank == 2, "perimeter is defined for 2D images only")
    let slots = try RegionSlots(labels)
    let n = slots.count
    let table = ResultTable()
    table.set(RegionGroup.labels.rawValue, width: 1, slots.labels.map(Double.init))
    let sums = RegionSums.compute(labels, slots, intensity: intensity)
    let sumsWidth = RegionSums.width(rank: rank, intensity: intensity != nil)
    table.set(RegionGroup.sums.rawValue, width: sumsWidth, sums)
    let boxLow = (0..<n).flatMap { r in (0..<rank).map { a in Int(sums[r * sumsWidth + 1 + a]) } }
    let boxHigh = (0..<n).flatMap { r in (0..<rank).map { a in Int(sums[r * sumsWidth + 1 + rank + a]) } }
    if request.contains(.moments) {
        let centroid = (0..<n).flatMap { r in
            (0..<rank).map { a in sums[r * sumsWidth + 1 + 2 * rank + a] / sums[r * sumsWidth] * spacing[a] }
        }
        let weighted = 1 + 3 * rank + rank * (rank + 1) / 2
        let mean = intensity == nil ? [] : (0..<n).map { r in sums[r * sumsWidth + weighted] / sums[r * sumsWidth] }
        let moments = RegionMoments.compute(labels, slots, intensity: intensity, spacing: spacing,
                                            origin: boxLow.map(Double.init), centroid: centroid, mean: mean)
        table.set(RegionGroup.moments.rawValue, width: RegionMoments.width(rank: rank, intensity: intensity != nil), moments)
    }
    if request.contains(.perimeter) {
        table.set(RegionGroup.perimeter.rawValue, width: 1, RegionPerimeter.compute(labels, slots))
    }
    if request.contains(.euler) {
        table.set(RegionGroup.euler.rawValue, width: 1, RegionEuler.compute(labels, slots).map(Double.init))
    }
    if request.contains(.convex) {
        table.set(RegionGroup.convex.rawValue, width: 2, RegionConvex.compute(labels, slots, boxLow: boxLow, boxHigh: boxHigh, spacing: spacing))
    }
    return table
}

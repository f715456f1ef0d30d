/// The shape of a 2D (`height × width`) or 3D (`depth × height × width`)
/// C-contiguous image.
///
/// Kernels see every image as 3D: a 2D image is one plane (`depth == 1`).
/// `rank` remembers what the caller passed, so per-axis parameters given in
/// the caller's axis order can be mapped with `engineAxis(_:)`.
public struct ImageShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let depth: Int
    public let height: Int
    public let width: Int
    public let rank: Int

    /// A shape from the caller's dimensions (2 or 3 of them, each ≥ 1).
    public init(_ dims: [Int]) throws {
        try require(dims.count == 2 || dims.count == 3,
                    "image must be 2D or 3D, got \(dims.count) dimension(s)")
        try require(dims.allSatisfy { $0 > 0 }, "image dimensions must be positive, got \(dims)")
        var total = 1
        for d in dims {
            let (p, overflow) = total.multipliedReportingOverflow(by: d)
            try require(!overflow, "image of shape \(dims) is too large")
            total = p
        }
        rank = dims.count
        depth = rank == 3 ? dims[0] : 1
        height = dims[rank - 2]
        width = dims[rank - 1]
    }

    /// Number of pixels.
    @inlinable public var count: Int { depth * height * width }
    /// Number of rows (lines along the contiguous axis).
    @inlinable public var rowCount: Int { depth * height }
    /// The caller's dimensions.
    public var dims: [Int] { rank == 3 ? [depth, height, width] : [height, width] }
    public var description: String { "(" + dims.map(String.init).joined(separator: ", ") + ")" }

    /// The engine axis (0 = depth, 1 = height, 2 = width) of caller axis `axis`.
    @inlinable public func engineAxis(_ axis: Int) -> Int { axis + 3 - rank }

    /// Length and element stride of engine axis `axis`.
    @inlinable public func extent(ofEngineAxis axis: Int) -> (count: Int, stride: Int) {
        switch axis {
        case 0: (depth, height * width)
        case 1: (height, width)
        default: (width, 1)
        }
    }
}

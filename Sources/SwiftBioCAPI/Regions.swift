import CSwiftBio
import SwiftBio

@_cdecl("sb_regionprops")
public func exportRegionProps(
    _ labels: UnsafePointer<sb_array>?, _ intensity: UnsafePointer<sb_array>?, _ spacing: UnsafePointer<Double>?,
    _ request: UInt32, _ table: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    status {
        let labels = try ArrayArgument(labels, "labels")
        let intensity = intensity == nil ? nil : try ArrayArgument(intensity, "intensity")
        let spacing = try values(spacing, count: labels.shape.rank, "spacing")
        let out = try nonNull(table, "table")
        let request = RegionRequest(rawValue: request)
        let result: ResultTable
        switch labels.dtype {
        case .uint8: result = try measure(labels.view(UInt8.self), intensity, spacing, request)
        case .uint16: result = try measure(labels.view(UInt16.self), intensity, spacing, request)
        case .int32: result = try measure(labels.view(Int32.self), intensity, spacing, request)
        case .uint32: result = try measure(labels.view(UInt32.self), intensity, spacing, request)
        default: throw EngineError.unsupportedType("labels must be uint8, uint16, int32 or uint32, got \(labels.dtype.name)")
        }
        exportTable(result, out)
    }
}

private func measure<L: PixelScalar>(
    _ labels: ImageView<L>, _ intensity: ArrayArgument?, _ spacing: [Double], _ request: RegionRequest
) throws -> ResultTable {
    guard let intensity else { return try measureRegions(labels, intensity: ImageView<UInt8>?.none, spacing: spacing, request: request) }
    switch intensity.dtype {
    case .uint8: return try measureRegions(labels, intensity: intensity.view(UInt8.self), spacing: spacing, request: request)
    case .uint16: return try measureRegions(labels, intensity: intensity.view(UInt16.self), spacing: spacing, request: request)
    case .float32: return try measureRegions(labels, intensity: intensity.view(Float.self), spacing: spacing, request: request)
    case .float64: return try measureRegions(labels, intensity: intensity.view(Double.self), spacing: spacing, request: request)
    default: throw EngineError.unsupportedType("intensity must be uint8, uint16, float32 or float64, got \(intensity.dtype.name)")
    }
}

@_cdecl("sb_label_overlap")
public func exportLabelOverlap(_ yTrue: UnsafePointer<sb_array>?, _ yPred: UnsafePointer<sb_array>?, _ table: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    status {
        let a = try ArrayArgument(yTrue, "y_true"), b = try ArrayArgument(yPred, "y_pred")
        let out = try nonNull(table, "table")
        try require(a.dtype == b.dtype, "y_true and y_pred must have the same dtype")
        switch a.dtype {
        case .uint8: exportTable(try LabelOverlap.compute(a.view(UInt8.self), b.view(UInt8.self)), out)
        case .uint16: exportTable(try LabelOverlap.compute(a.view(UInt16.self), b.view(UInt16.self)), out)
        case .int32: exportTable(try LabelOverlap.compute(a.view(Int32.self), b.view(Int32.self)), out)
        case .uint32: exportTable(try LabelOverlap.compute(a.view(UInt32.self), b.view(UInt32.self)), out)
        default: throw EngineError.unsupportedType("label images must be uint8, uint16, int32 or uint32, got \(a.dtype.name)")
        }
    }
}

@_cdecl("sb_max_weight_matching")
public func exportMaxWeightMatching(
    _ leftCount: Int64, _ rightCount: Int64, _ edgeCount: Int64, _ left: UnsafePointer<Int64>?, _ right: UnsafePointer<Int64>?,
    _ weight: UnsafePointer<Double>?, _ match: UnsafeMutablePointer<Int64>?
) -> Int32 {
    status {
        try require(leftCount >= 0 && rightCount >= 0 && edgeCount >= 0, "counts must be non-negative")
        let n = Int(edgeCount)
        let l = n == 0 ? [] : try values(left, count: n, "left"), r = n == 0 ? [] : try values(right, count: n, "right")
        let w = n == 0 ? [] : try values(weight, count: n, "weight")
        let edges = (0..<n).map { (left: Int(l[$0]), right: Int(r[$0]), weight: w[$0]) }
        let result = try maximumWeightMatching(leftCount: Int(leftCount), rightCount: Int(rightCount), edges: edges)
        if leftCount > 0 {
            let out = try nonNull(match, "match")
            for (i, j) in result.enumerated() { out[i] = Int64(j) }
        }
    }
}

@_cdecl("sb_remove_small_regions")
public func exportRemoveSmallRegions(
    _ labels: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ maxSize: Int64,
    _ maxLabel: UnsafeMutablePointer<Int64>?
) -> Int32 {
    struct Call: ImageCall {
        let output: ArrayArgument, maxSize: Int, maxLabel: UnsafeMutablePointer<Int64>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            try require(output.dtype == P.dtype, "output must have the labels' dtype")
            maxLabel.pointee = Int64(try removeSmallRegions(image, maxSize: maxSize, into: output.mutableView(P.self)))
        }
    }
    return status {
        try runImageCall(ArrayArgument(labels, "labels"), integerOnly: true,
                         Call(output: try ArrayArgument(UnsafePointer(output), "output"), maxSize: Int(clamping: maxSize),
                              maxLabel: nonNull(maxLabel, "max_label")))
    }
}

@_cdecl("sb_label_lookup")
public func exportLabelLookup(
    _ labels: UnsafePointer<sb_array>?, _ table: UnsafePointer<UInt8>?, _ count: Int64, _ output: UnsafeMutablePointer<sb_array>?
) -> Int32 {
    status {
        let l = try ArrayArgument(labels, "labels"), o = try ArrayArgument(UnsafePointer(output), "output")
        try require(l.shape == o.shape, "output shape \(o.shape) does not match labels shape \(l.shape)")
        try require(o.dtype == .bool || o.dtype == .uint8, "output must be bool or uint8")
        try require(count >= 1 && count <= 1 << 32, "the table needs 1 to 2**32 entries, got \(count)")
        let entries = try values(table, count: Int(count), "table")
        let out = o.data.assumingMemoryBound(to: UInt8.self)
        switch l.dtype {
        case .uint8: try lookupLabels(l.view(UInt8.self), table: entries, into: out)
        case .uint16: try lookupLabels(l.view(UInt16.self), table: entries, into: out)
        case .int32: try lookupLabels(l.view(Int32.self), table: entries, into: out)
        case .uint32: try lookupLabels(l.view(UInt32.self), table: entries, into: out)
        default: throw EngineError.unsupportedType("labels must be uint8, uint16, int32 or uint32, got \(l.dtype.name)")
        }
    }
}

@_cdecl("sb_remove_small_components")
public func exportRemoveSmallComponents(
    _ mask: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ maxSize: Int64, _ connectivity: Int32
) -> Int32 {
    struct Call: ImageCall {
        let output: ArrayArgument, maxSize: Int, connectivity: Int
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            try require(output.dtype == .bool, "output must be bool")
            try removeSmallComponents(image, maxSize: maxSize, connectivity: connectivity, into: output.mutableView(UInt8.self))
        }
    }
    return status {
        try runImageCall(ArrayArgument(mask, "mask"), integerOnly: true,
                         Call(output: try ArrayArgument(UnsafePointer(output), "output"), maxSize: Int(clamping: maxSize),
                              connectivity: Int(connectivity)))
    }
}

import CSwiftBio
import SwiftBio

// Exports of labeling and distance transforms.

@_cdecl("sb_label")
public func exportLabel(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ background: Double,
    _ connectivity: Int32, _ count: UnsafeMutablePointer<Int64>?
) -> Int32 {
    struct Call: ImageCall {
        let output: ArrayArgument, background: Double, connectivity: Int, count: UnsafeMutablePointer<Int64>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            try require(output.shape == image.shape, "output shape \(output.shape) does not match input shape \(image.shape)")
            let n: Int
            switch output.dtype {
            case .int32: n = try labelComponents(image, into: output.mutableView(Int32.self), background: background, connectivity: connectivity)
            case .uint32: n = try labelComponents(image, into: output.mutableView(UInt32.self), background: background, connectivity: connectivity)
            default: throw EngineError.unsupportedType("label output must be int32 or uint32, got \(output.dtype.name)")
            }
            count.pointee = Int64(n)
        }
    }
    return status {
        let src = try ArrayArgument(input, "input"), dst = try ArrayArgument(UnsafePointer(output), "output")
        try runImageCall(src, integerOnly: true,
                         Call(output: dst, background: background, connectivity: Int(connectivity), count: nonNull(count, "count")))
    }
}

@_cdecl("sb_distance_transform")
public func exportDistanceTransform(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ sampling: UnsafePointer<Double>?
) -> Int32 {
    struct Call: ImageCall {
        let output: ArrayArgument, sampling: UnsafePointer<Double>?
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            try require(output.dtype == .float64, "distances must be float64")
            try require(output.shape == image.shape, "output shape \(output.shape) does not match input shape \(image.shape)")
            try distanceTransform(image, into: output.mutableView(Double.self),
                                  sampling: values(sampling, count: image.shape.rank, "sampling"))
        }
    }
    return status {
        try runImageCall(ArrayArgument(input, "input"),
                         Call(output: try ArrayArgument(UnsafePointer(output), "output"), sampling: sampling))
    }
}

@_cdecl("sb_feature_transform")
public func exportFeatureTransform(
    _ input: UnsafePointer<sb_array>?, _ features: UnsafeMutablePointer<Int32>?, _ featureCount: Int64,
    _ distances: UnsafeMutablePointer<sb_array>?, _ sampling: UnsafePointer<Double>?
) -> Int32 {
    struct Call: ImageCall {
        let features: UnsafeMutablePointer<Int32>, featureCount: Int64, distances: ArrayArgument?, sampling: UnsafePointer<Double>?
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            try require(featureCount == Int64(image.shape.rank * image.shape.count),
                        "indices need \(image.shape.rank * image.shape.count) elements, got \(featureCount)")
            if let distances {
                try require(distances.dtype == .float64 && distances.shape == image.shape, "distances must be float64 of the input's shape")
            }
            try featureTransform(image, features: features, distances: distances?.mutableView(Double.self),
                                 sampling: values(sampling, count: image.shape.rank, "sampling"))
        }
    }
    return status {
        let d = distances == nil ? nil : try ArrayArgument(UnsafePointer(distances), "distances")
        try runImageCall(ArrayArgument(input, "input"),
                         Call(features: nonNull(features, "indices"), featureCount: featureCount, distances: d, sampling: sampling))
    }
}

@_cdecl("sb_find_objects")
public func exportFindObjects(
    _ labels: UnsafePointer<sb_array>?, _ maxLabel: Int64, _ boxes: UnsafeMutablePointer<Int64>?
) -> Int32 {
    struct Call: ImageCall {
        let maxLabel: Int, boxes: UnsafeMutablePointer<Int64>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let found = try findObjects(image, maxLabel: maxLabel)
            for (i, box) in found.enumerated() {
                for k in 0..<image.shape.rank {
                    boxes[2 * (i * image.shape.rank + k)] = Int64(box?[k].lowerBound ?? -1)
                    boxes[2 * (i * image.shape.rank + k) + 1] = Int64(box?[k].upperBound ?? -1)
                }
            }
        }
    }
    return status {
        try runImageCall(ArrayArgument(labels, "labels"), integerOnly: true,
                         Call(maxLabel: Int(clamping: maxLabel), boxes: nonNull(boxes, "boxes")))
    }
}

/// A footprint passed as a shape (one size per image axis, 1 ... 4096) and
/// a mask of that many bytes (nonzero = in the footprint).
func footprintArgument(_ footprint: UnsafePointer<UInt8>?, shape: UnsafePointer<Int64>?, rank: Int) throws
    -> (shape: [Int], mask: [Bool]) {
    let dims = try values(shape, count: rank, "footprint shape").map { Int(clamping: $0) }
    try require(dims.allSatisfy { $0 >= 1 && $0 <= 1 << 12 }, "footprint sizes must be between 1 and 4096")
    return (dims, try values(footprint, count: dims.reduce(1, *), "footprint").map { $0 != 0 })
}

@_cdecl("sb_extremum_filter")
public func exportExtremumFilter(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ footprint: UnsafePointer<UInt8>?,
    _ footprintShape: UnsafePointer<Int64>?, _ minimum: Int32, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: ImageCall {
        let output: ArrayArgument, footprint: UnsafePointer<UInt8>?, shape: UnsafePointer<Int64>?, minimum: Bool
        let mode: Int32, cval: Double
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            try require(output.dtype == P.dtype, "output must have the input's dtype")
            let (dims, mask) = try footprintArgument(footprint, shape: shape, rank: image.shape.rank)
            try extremumFilter(image, into: output.mutableView(P.self), footprintShape: dims, footprint: mask,
                               minimum: minimum, mode: boundaryMode(mode), cval: cval)
        }
    }
    return status {
        try runImageCall(ArrayArgument(input, "input"),
                         Call(output: try ArrayArgument(UnsafePointer(output), "output"), footprint: footprint,
                              shape: footprintShape, minimum: minimum != 0, mode: mode, cval: cval))
    }
}

@_cdecl("sb_rank_filter")
public func exportRankFilter(
    _ input: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ footprint: UnsafePointer<UInt8>?,
    _ footprintShape: UnsafePointer<Int64>?, _ rank: Int64, _ mode: Int32, _ cval: Double
) -> Int32 {
    struct Call: ImageCall {
        let output: ArrayArgument, footprint: UnsafePointer<UInt8>?, shape: UnsafePointer<Int64>?, rank: Int
        let mode: Int32, cval: Double
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let (dims, mask) = try footprintArgument(footprint, shape: shape, rank: image.shape.rank)
            func run<Out: PixelScalar>(_: Out.Type) throws {
                try rankFilter(image, into: output.mutableView(Out.self), footprintShape: dims, footprint: mask, rank: rank,
                               mode: boundaryMode(mode), cval: cval)
            }
            switch output.dtype {
            case P.dtype: try run(P.self)
            case .float32: try run(Float.self)
            case .float64: try run(Double.self)
            default: throw EngineError.unsupportedType("output must have the input's dtype, float32 or float64")
            }
        }
    }
    return status {
        try runImageCall(ArrayArgument(input, "input"),
                         Call(output: try ArrayArgument(UnsafePointer(output), "output"), footprint: footprint,
                              shape: footprintShape, rank: Int(clamping: rank), mode: mode, cval: cval))
    }
}

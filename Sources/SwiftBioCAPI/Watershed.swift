import CSwiftBio
import SwiftBio

@_cdecl("sb_watershed")
public func exportWatershed(
    _ image: UnsafePointer<sb_array>?, _ markers: UnsafePointer<sb_array>?, _ labels: UnsafeMutablePointer<sb_array>?,
    _ mask: UnsafePointer<sb_array>?, _ connectivity: Int32, _ compactness: Double, _ line: Int32
) -> Int32 {
    status {
        let img = try ArrayArgument(image, "image"), seeds = try ArrayArgument(markers, "markers")
        let out = try ArrayArgument(UnsafePointer(labels), "labels")
        try require(img.dtype == .float64, "image must be float64")
        try require(seeds.dtype == .int32 && out.dtype == .int32, "markers and labels must be int32")
        var maskView: ImageView<Bool>? = nil
        if mask != nil {
            let m = try ArrayArgument(mask, "mask")
            try require(m.dtype == .bool, "mask must be bool")
            maskView = m.view(Bool.self)
        }
        try watershed(img.view(Double.self), markers: seeds.view(Int32.self), labels: out.mutableView(Int32.self),
                      mask: maskView, connectivity: Int(connectivity), compactness: compactness, watershedLine: line != 0)
    }
}

@_cdecl("sb_regional_minima")
public func exportRegionalMinima(_ image: UnsafePointer<sb_array>?, _ output: UnsafeMutablePointer<sb_array>?, _ connectivity: Int32) -> Int32 {
    status {
        let img = try ArrayArgument(image, "image"), out = try ArrayArgument(UnsafePointer(output), "output")
        try require(img.dtype == .float64 && out.dtype == .bool && img.shape == out.shape, "image float64 and output bool of its shape")
        try regionalMinima(img.view(Double.self), connectivity: Int(connectivity), into: out.mutableView(Bool.self))
    }
}

@_cdecl("sb_flood")
public func exportFlood(
    _ image: UnsafePointer<sb_array>?, _ seed: UnsafePointer<Int64>?, _ offsets: UnsafePointer<Int64>?, _ count: Int64,
    _ low: Double, _ high: Double, _ output: UnsafeMutablePointer<sb_array>?
) -> Int32 {
    struct Call: ImageCall {
        let seed: UnsafePointer<Int64>?, offsets: UnsafePointer<Int64>?, count: Int, low: Double, high: Double, out: ArrayArgument
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let rank = image.shape.rank
            try require(out.dtype == .bool, "output must be bool")
            try require(count >= 0 && count <= 1 << 20, "too many neighbour offsets")
            let deltas = try values(offsets, count: count * rank, "offsets").map { Int(clamping: $0) }
            try flood(image, seed: values(seed, count: rank, "seed").map { Int(clamping: $0) },
                      offsets: (0..<count).map { Array(deltas[($0 * rank)..<($0 * rank + rank)]) },
                      low: low, high: high, into: out.mutableView(Bool.self))
        }
    }
    return status {
        try runImageCall(ArrayArgument(image, "image"),
                         Call(seed: seed, offsets: offsets, count: Int(clamping: count), low: low, high: high,
                              out: try ArrayArgument(UnsafePointer(output), "output")))
    }
}

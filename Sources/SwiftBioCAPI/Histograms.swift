import CSwiftBio
import SwiftBio

@_cdecl("sb_min_max")
public func exportMinMax(_ input: UnsafePointer<sb_array>?, _ low: UnsafeMutablePointer<Double>?, _ high: UnsafeMutablePointer<Double>?) -> Int32 {
    struct Call: ImageCall {
        let low: UnsafeMutablePointer<Double>, high: UnsafeMutablePointer<Double>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws { (low.pointee, high.pointee) = try minMax(image) }
    }
    return status { try runImageCall(ArrayArgument(input, "input"), Call(low: nonNull(low, "min"), high: nonNull(high, "max"))) }
}

@_cdecl("sb_histogram_integer")
public func exportHistogramInteger(_ input: UnsafePointer<sb_array>?, _ low: Int64, _ high: Int64, _ counts: UnsafeMutablePointer<Int64>?) -> Int32 {
    struct Call: ImageCall {
        let low: Int, high: Int, counts: UnsafeMutablePointer<Int64>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let result = try integerHistogram(image, low: low, high: high)
            counts.update(from: result, count: result.count)
        }
    }
    return status {
        try runImageCall(ArrayArgument(input, "input"), integerOnly: true,
                         Call(low: Int(clamping: low), high: Int(clamping: high), counts: nonNull(counts, "counts")))
    }
}

@_cdecl("sb_histogram_uniform")
public func exportHistogramUniform(
    _ input: UnsafePointer<sb_array>?, _ edges: UnsafeRawPointer?, _ edgesType: Int32, _ count: Int64,
    _ counts: UnsafeMutablePointer<Int64>?
) -> Int32 {
    struct Call: ImageCall {
        let edges: UnsafeRawPointer, edgesType: Int32, count: Int, counts: UnsafeMutablePointer<Int64>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let result: [Int64]
            switch DType(rawValue: edgesType) {
            case .float32: result = try uniformHistogram(image, edges: Array(UnsafeBufferPointer(start: edges.assumingMemoryBound(to: Float.self), count: count)))
            case .float64: result = try uniformHistogram(image, edges: Array(UnsafeBufferPointer(start: edges.assumingMemoryBound(to: Double.self), count: count)))
            default: throw EngineError.unsupportedType("histogram edges must be float32 or float64")
            }
            counts.update(from: result, count: result.count)
        }
    }
    return status {
        try require(count >= 2 && count <= 1 << 28, "need 2 to 2**28 bin edges, got \(count)")
        try runImageCall(ArrayArgument(input, "input"),
                         Call(edges: nonNull(edges, "edges"), edgesType: edgesType, count: Int(count), counts: nonNull(counts, "counts")))
    }
}

@_cdecl("sb_split_means")
public func exportSplitMeans(_ input: UnsafePointer<sb_array>?, _ threshold: Double, _ offset: Double, _ sums: UnsafeMutablePointer<Double>?) -> Int32 {
    struct Call: ImageCall {
        let threshold: Double, offset: Double, sums: UnsafeMutablePointer<Double>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let s = splitMeans(image, threshold: threshold, offset: offset)
            sums[0] = s.above; sums[1] = Double(s.aboveCount); sums[2] = s.below; sums[3] = Double(s.belowCount)
        }
    }
    return status { try runImageCall(ArrayArgument(input, "input"), Call(threshold: threshold, offset: offset, sums: nonNull(sums, "sums"))) }
}

@_cdecl("sb_multiotsu")
public func exportMultiOtsu(_ p: UnsafePointer<Float>?, _ bins: Int64, _ count: Int32, _ indices: UnsafeMutablePointer<Int64>?) -> Int32 {
    status {
        try require(bins >= 2 && bins <= 1 << 20, "need 2 to 2**20 bins, got \(bins)")
        let found = try multiOtsuIndices(probabilities: values(p, count: Int(bins), "probabilities"), count: Int(count))
        let out = try nonNull(indices, "indices")
        for (k, i) in found.enumerated() { out[k] = Int64(i) }
    }
}

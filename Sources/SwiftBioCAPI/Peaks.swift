import CSwiftBio
import SwiftBio

@_cdecl("sb_peak_local_max")
public func exportPeakLocalMax(
    _ image: UnsafePointer<sb_array>?, _ labels: UnsafePointer<sb_array>?, _ options: UnsafePointer<sb_peak_options>?,
    _ coordinates: UnsafeMutablePointer<Int64>?, _ capacity: Int64, _ count: UnsafeMutablePointer<Int64>?
) -> Int32 {
    struct Call: ImageCall {
        let labels: ArrayArgument?, o: sb_peak_options, out: UnsafeMutablePointer<Int64>, capacity: Int, count: UnsafeMutablePointer<Int64>
        func run<P: PixelScalar>(_ image: ImageView<P>) throws {
            let rank = image.shape.rank
            var options = PeakOptions(threshold: o.threshold,
                                      border: withUnsafeBytes(of: o.border) { Array($0.bindMemory(to: Int64.self).prefix(rank)) }.map { Int(clamping: $0) })
            options.minDistance = Int(clamping: o.min_distance)
            options.numPeaks = Int(clamping: o.num_peaks)
            options.numPeaksPerLabel = Int(clamping: o.num_peaks_per_label)
            options.pNorm = o.p_norm
            if let mask = o.footprint {
                let shape = withUnsafeBytes(of: o.footprint_shape) { Array($0.bindMemory(to: Int64.self).prefix(rank)) }.map { Int(clamping: $0) }
                try require(shape.allSatisfy { $0 >= 1 && $0 <= 1 << 12 }, "footprint sizes must be between 1 and 4096")
                options.footprint = (shape, UnsafeBufferPointer(start: mask, count: shape.reduce(1, *)).map { $0 != 0 })
            }
            let peaks: [[Int]]
            if let labels {
                try require(labels.dtype == .int32, "labels must be int32")
                peaks = try peakLocalMax(image, labels: labels.view(Int32.self), options: options, lowest: o.lowest)
            } else {
                peaks = try peakLocalMax(image, labels: ImageView<Int32>?.none, options: options, lowest: o.lowest)
            }
            count.pointee = Int64(peaks.count)
            for (k, p) in peaks.prefix(capacity).enumerated() {
                for a in 0..<rank { out[k * rank + a] = Int64(p[a]) }
            }
        }
    }
    return status {
        let l = labels == nil ? nil : try ArrayArgument(labels, "labels")
        try runImageCall(ArrayArgument(image, "image"),
                         Call(labels: l, o: nonNull(options, "options").pointee, out: nonNull(coordinates, "coordinates"),
                              capacity: Int(clamping: capacity), count: nonNull(count, "count")))
    }
}

/// What `peakLocalMax` looks for, in scikit-image's terms.
public struct PeakOptions: Sendable {
    public var minDistance: Int = 1
    /// Peaks must be strictly above this.
    public var threshold: Double
    /// Pixels this close to each border (per caller axis) are not peaks.
    public var border: [Int]
    public var numPeaks: Int = .max
    public var numPeaksPerLabel: Int = .max
    public var pNorm: Double = .infinity
    /// A footprint (caller axes) instead of the box of side 2·minDistance+1.
    public var footprint: (shape: [Int], mask: [Bool])? = nil

    public init(threshold: Double, border: [Int]) {
        self.threshold = threshold
        self.border = border
    }
}

/// Local maxima of an image, exactly as `skimage.feature.peak_local_max`:
/// pixels equal to the maximum of their footprint (maximum filter with
/// 'nearest' borders) and above the threshold, away from the border; ordered
/// by decreasing value (raster order among equals); thinned greedily so no
/// two are closer than `minDistance` (Minkowski p-norm); at most
/// `numPeaks`. With `labels`, each object is searched within its bounding
/// box, pixels of other objects counting as the type's minimum, and the
/// lists are joined in label order.
///
/// - Returns: peak coordinates in caller axis order.
@inlinable
public func peakLocalMax<P: PixelScalar, L: PixelScalar>(
    _ image: ImageView<P>, labels: ImageView<L>?, options: PeakOptions, lowest: Double
) throws -> [[Int]] {
    let shape = image.shape, rank = shape.rank
    try require(options.minDistance >= 0, "min_distance must be >= 0")
    try require(options.border.count == rank && options.border.allSatisfy { $0 >= 0 }, "border widths must be >= 0")
    if let labels { try require(labels.shape == shape, "labels shape \(labels.shape) does not match image shape \(shape)") }
    let footprint = try _PeakFootprint(options: options, rank: rank)
    guard let labels else {
        let values = try ImageBuffer<Double>(shape: shape)
        convertPixels(image, into: values.view)
        var mask = try _peakMask(values.view.readOnly, footprint: footprint, threshold: options.threshold, within: nil)
        _excludeBorder(&mask, shape: shape, widths: options.border)
        return _strongestPeaks(values.view.readOnly, mask: mask, limit: options.numPeaks, options: options)
    }
    // Objects: their boxes without the border band, each searched alone
    // (in parallel), the lists joined in label order.
    let (_, top) = try minMax(labels)
    let boxes = try findObjects(labels, maxLabel: max(0, Int(top)), excludingBorder: options.border)
    let found = boxes.indices.filter { boxes[$0] != nil }
    let results = SharedAccumulator([[[Int]]](repeating: [], count: found.count))
    let failure = SharedAccumulator<EngineError?>(nil)
    Parallel.forEachChunk(of: found.count, workPerItem: 1 << 16) { chunk in
        for k in chunk {
            let index = found[k], box = boxes[index]!, id = Double(index + 1)
            do {
                let peaks = try _objectPeaks(image, labels: labels, id: id, box: box, footprint: footprint,
                                             options: options, lowest: lowest)
                results.merge { $0[k] = peaks }
            } catch let error as EngineError {
                failure.merge { $0 = $0 ?? error }
            } catch {}
        }
    }
    if let error = failure.result { throw error }
    let peaks = results.result.flatMap { $0 }
    guard peaks.count > options.numPeaks else { return peaks }
    let values = try ImageBuffer<Double>(shape: shape)
    convertPixels(image, into: values.view)
    var all = [Bool](repeating: false, count: shape.count)
    for p in peaks { all[p.enumerated().reduce(0) { $0 * shape.dims[$1.offset] + $1.element }] = true }
    return _strongestPeaks(values.view.readOnly, mask: all, limit: options.numPeaks, options: options)
}

/// The peaks of object `id` within its box (caller axes), in image coordinates.
@inlinable
func _objectPeaks<P: PixelScalar, L: PixelScalar>(
    _ image: ImageView<P>, labels: ImageView<L>, id: Double, box: [Range<Int>], footprint: _PeakFootprint,
    options: PeakOptions, lowest: Double
) throws -> [[Int]] {
    let shape = image.shape
    let engineBox = (shape.rank == 2 ? [0..<1] : []) + box
    let cropShape = try ImageShape(box.map(\.count))
    let crop = try ImageBuffer<Double>(shape: cropShape)
    var objectMask = [Bool](repeating: false, count: cropShape.count)
    var k = 0
    for z in engineBox[0] {
        for y in engineBox[1] {
            let row = (z * shape.height + y) * shape.width
            for x in engineBox[2] {
                let inside = labels.base[row + x].asDouble == id
                objectMask[k] = inside
                crop.view.base[k] = inside ? image.base[row + x].asDouble : lowest
                k += 1
            }
        }
    }
    let mask = try _peakMask(crop.view.readOnly, footprint: footprint, threshold: options.threshold, within: objectMask)
    return _strongestPeaks(crop.view.readOnly, mask: mask, limit: options.numPeaksPerLabel, options: options)
        .map { peak in zip(peak, box).map { $0 + $1.lowerBound } }
}

/// The footprint: a box of side 2·minDistance+1 unless one is given.
@usableFromInline
struct _PeakFootprint {
    @usableFromInline let size: [Int]
    @usableFromInline let mask: [Bool]
    @usableFromInline var count: Int { mask.filter { $0 }.count }

    @inlinable init(options: PeakOptions, rank: Int) throws {
        guard let footprint = options.footprint else {
            size = Array(repeating: 2 * options.minDistance + 1, count: rank)
            mask = Array(repeating: true, count: size.reduce(1, *))
            return
        }
        try require(footprint.shape.count == rank, "footprint must have the image's \(rank) dimensions")
        try require(footprint.mask.count == footprint.shape.reduce(1, *), "footprint mask and shape disagree")
        size = footprint.shape
        mask = footprint.mask
    }
}

/// Pixels equal to their footprint's maximum and above the threshold. If
/// every pixel (of the object, with `within`) equals its maximum, there is
/// no peak, except, within an object, pixels its binary opening removes.
@inlinable
func _peakMask(_ values: ImageView<Double>, footprint: _PeakFootprint, threshold: Double, within: [Bool]?) throws -> [Bool] {
    let shape = values.shape, n = shape.count
    if footprint.count == 1 || n == 1 {
        return (0..<n).map { values.base[$0] > threshold }
    }
    let maxima = try ImageBuffer<Double>(shape: shape)
    try extremumFilter(values, into: maxima.view, footprintShape: footprint.size, footprint: footprint.mask,
                       minimum: false, mode: .nearest, cval: 0)
    var mask = (0..<n).map { values.base[$0] == maxima.view.base[$0] }
    let trivial = within.map { w in (0..<n).allSatisfy { !w[$0] || mask[$0] } } ?? !mask.contains(false)
    if trivial {
        mask = [Bool](repeating: false, count: n)
        if let within {
            let opened = _binaryOpeningCross(within, shape: shape)
            for i in 0..<n where within[i] != opened[i] { mask[i] = true }
        }
    }
    for i in 0..<n where mask[i] && !(values.base[i] > threshold) { mask[i] = false }
    return mask
}

/// scipy's binary_opening with the cross structure and a zero border.
@inlinable
func _binaryOpeningCross(_ mask: [Bool], shape: ImageShape) -> [Bool] {
    let dims = shape.dims, rank = shape.rank, n = shape.count
    let strides = (0..<rank).map { a in dims[(a + 1)...].reduce(1, *) }
    func neighbours(_ i: Int, _ body: (Int?) -> Void) {
        for a in 0..<rank {
            let c = i / strides[a] % dims[a]
            body(c > 0 ? i - strides[a] : nil)
            body(c < dims[a] - 1 ? i + strides[a] : nil)
        }
    }
    var eroded = [Bool](repeating: false, count: n)
    for i in 0..<n where mask[i] {
        var all = true
        neighbours(i) { j in if j == nil || !mask[j!] { all = false } }
        eroded[i] = all
    }
    var opened = eroded
    for i in 0..<n where !eroded[i] {
        var any = false
        neighbours(i) { j in if let j, eroded[j] { any = true } }
        opened[i] = any
    }
    return opened
}

/// Clears `mask` within `widths[a]` pixels of each border of caller axis
/// a, slab by slab.
@inlinable
func _excludeBorder(_ mask: inout [Bool], shape: ImageShape, widths: [Int]) {
    let dims = shape.dims, rank = shape.rank
    let strides = (0..<rank).map { a in dims[(a + 1)...].reduce(1, *) }
    mask.withUnsafeMutableBufferPointer { m in
        for a in 0..<rank where widths[a] > 0 {
            let outer = m.count / (dims[a] * strides[a])
            for o in 0..<outer {
                for c in 0..<dims[a] where c < widths[a] || c >= dims[a] - widths[a] {
                    (m.baseAddress! + o * dims[a] * strides[a] + c * strides[a]).update(repeating: false, count: strides[a])
                }
            }
        }
    }
}

/// The masked pixels, strongest first (raster order among equals), thinned
/// so that none is closer than `minDistance` to a stronger one kept, at
/// most `limit`.
@inlinable
func _strongestPeaks(_ values: ImageView<Double>, mask: [Bool], limit: Int, options: PeakOptions) -> [[Int]] {
    let shape = values.shape, dims = shape.dims, rank = shape.rank
    var candidates = mask.indices.filter { mask[$0] }
    // Stable: equal values keep raster order.
    candidates = candidates.enumerated().sorted {
        let a = values.base[$0.element], b = values.base[$1.element]
        return a != b ? a > b : $0.offset < $1.offset
    }.map(\.element)
    func coordinates(_ i: Int) -> [Int] {
        var c = [Int](repeating: 0, count: rank), rest = i
        for a in stride(from: rank - 1, through: 0, by: -1) { c[a] = rest % dims[a]; rest /= dims[a] }
        return c
    }
    let spacing = Double(options.minDistance)
    var kept: [[Int]] = []
    // Kept peaks by grid cell of side minDistance: a rival lies in a neighbouring cell.
    let cell = max(options.minDistance, 1)
    var grid: [[Int]: [Int]] = [:]
    for i in candidates {
        guard kept.count < limit else { break }
        let p = coordinates(i)
        if options.minDistance > 1 {
            let home = p.map { $0 / cell }
            var tooClose = false
            var neighbour = [Int](repeating: -1, count: rank)
            search: while true {
                let key = zip(home, neighbour).map(+)
                for k in grid[key] ?? [] where _minkowski(p, kept[k], options.pNorm) < spacing {
                    tooClose = true
                    break search
                }
                var a = rank - 1
                while a >= 0 && neighbour[a] == 1 { neighbour[a] = -1; a -= 1 }
                if a < 0 { break }
                neighbour[a] += 1
            }
            if tooClose { continue }
            grid[home, default: []].append(kept.count)
        }
        kept.append(p)
    }
    return kept
}

@inlinable
func _minkowski(_ a: [Int], _ b: [Int], _ p: Double) -> Double {
    if p.isInfinite { return Double(zip(a, b).map { abs($0 - $1) }.max() ?? 0) }
    if p == 1 { return Double(zip(a, b).map { abs($0 - $1) }.reduce(0, +)) }
    return zip(a, b).map { pow(Double(abs($0 - $1)), p) }.reduce(0, +).pow(1 / p)
}

extension Double {
    @inlinable func pow(_ e: Double) -> Double { _pow(self, e) }
}

#if canImport(Glibc)
import Glibc
@inlinable func _pow(_ a: Double, _ b: Double) -> Double { Glibc.pow(a, b) }
#elseif canImport(Darwin)
import Darwin
@inlinable func _pow(_ a: Double, _ b: Double) -> Double { Darwin.pow(a, b) }
#endif
